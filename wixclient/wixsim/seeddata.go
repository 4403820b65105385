package wixsim

import (
	"fmt"
	"strings"
	"time"
)

// This file builds the seeded entities. Every value derives from the site
// ID and an index, so the data is the same on every run.

type person struct{ first, last string }

func dayAfter(base time.Time, days int) time.Time {
	return base.Add(time.Duration(days)*24*time.Hour + time.Duration(days%7)*time.Hour)
}

func emailOf(p person, domain string) string {
	local := strings.ToLower(p.first + "." + p.last)
	local = strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r == '.' {
			return r
		}
		return -1
	}, local)
	return local + "@" + domain
}

// newContact builds a Contacts v4 object with one email and one phone.
func newContact(id string, p person, email, phone string, created time.Time, labels []string) Object {
	ts := wixTime(created)
	info := Object{
		"name": Object{"first": p.first, "last": p.last},
		"emails": Object{"items": []any{
			Object{"id": guid(id + "/email"), "tag": "MAIN", "email": email, "primary": true},
		}},
		"phones": Object{"items": []any{
			Object{"id": guid(id + "/phone"), "tag": "MOBILE", "countryCode": "US", "phone": phone,
				"e164Phone": "+1" + strings.ReplaceAll(phone[3:], "-", ""), "primary": true},
		}},
		"locale": "en-us",
	}
	if len(labels) > 0 {
		items := make([]any, len(labels))
		for i, l := range labels {
			items[i] = l
		}
		info["labelKeys"] = Object{"items": items}
	}
	return Object{
		"id":          id,
		"revision":    1,
		"source":      Object{"sourceType": "OTHER"},
		"createdDate": ts,
		"updatedDate": ts,
		"lastActivity": Object{
			"activityDate": ts, "activityType": "CONTACT_CREATED",
		},
		"primaryInfo": Object{"email": email, "phone": phone},
		"primaryEmail": Object{
			"email": email, "subscriptionStatus": "NOT_SET", "deliverabilityStatus": "NOT_SET",
		},
		"primaryPhone": Object{"phone": phone, "countryCode": "US", "subscriptionStatus": "NOT_SET"},
		"info":         info,
	}
}

var labelCycle = [][]string{{"custom.vip"}, nil, {"custom.newsletter"}, {"custom.vip", "custom.newsletter"}, nil, {"custom.wholesale"}}

// contactsFor seeds one contact per person on a site.
func contactsFor(siteID, domain string, people []person) []Object {
	out := make([]Object, 0, len(people))
	for i, p := range people {
		id := guid(fmt.Sprintf("%s/contact/%d", siteID, i))
		phone := fmt.Sprintf("+1-555-01%02d", (i*7+len(siteID))%100)
		out = append(out, newContact(id, p, emailOf(p, domain), phone, dayAfter(seedEpoch, 3*i+1), labelCycle[i%len(labelCycle)]))
	}
	return out
}

// membersFor makes the first n contacts site members.
func membersFor(siteID string, contacts []Object, n int) []Object {
	statuses := []string{"APPROVED", "APPROVED", "PENDING", "APPROVED", "BLOCKED"}
	out := make([]Object, 0, n)
	for i := 0; i < n && i < len(contacts); i++ {
		c := contacts[i]
		info := c["info"].(Object)
		name := info["name"].(Object)
		first, last := name["first"].(string), name["last"].(string)
		email := c["primaryInfo"].(Object)["email"].(string)
		created := dayAfter(seedEpoch, 3*i+2)
		slug := strings.ToLower(strings.TrimSpace(first)) + "-" + strings.ToLower(last)
		out = append(out, Object{
			"id":                 guid(fmt.Sprintf("%s/member/%d", siteID, i)),
			"loginEmail":         email,
			"loginEmailVerified": i%3 != 2,
			"status":             statuses[i%len(statuses)],
			"contactId":          c["id"],
			"contact": Object{
				"firstName": first, "lastName": last,
				"emails": []any{email}, "phones": []any{c["primaryInfo"].(Object)["phone"]},
				"addresses": []any{},
			},
			"profile": Object{
				"nickname": first + " " + last[:1] + ".",
				"slug":     slug,
				"title":    "",
			},
			"privacyStatus":  []string{"PUBLIC", "PRIVATE"}[i%2],
			"activityStatus": "ACTIVE",
			"createdDate":    wixTime(created),
			"updatedDate":    wixTime(created),
			"lastLoginDate":  wixTime(dayAfter(created, 30+i)),
		})
	}
	return out
}

type productSeed struct {
	name, price string
	visible     bool
	format      []string // option choices; nil for no options
}

func money(amount string) Object {
	return Object{"amount": amount, "formattedAmount": "$" + amount}
}

// productsFor builds Stores catalog v3 products.
func productsFor(siteID string, seeds []productSeed) []Object {
	out := make([]Object, 0, len(seeds))
	for i, s := range seeds {
		id := guid(fmt.Sprintf("%s/product/%d", siteID, i))
		slug := strings.ToLower(strings.ReplaceAll(s.name, " ", "-"))
		created := wixTime(dayAfter(seedEpoch, 5*i+4))
		p := Object{
			"id":               id,
			"revision":         "1",
			"createdDate":      created,
			"updatedDate":      created,
			"name":             s.name,
			"slug":             slug,
			"handle":           slug,
			"plainDescription": "Sandbox product: " + s.name + ".",
			"visible":          s.visible,
			"visibleInPos":     s.visible,
			"productType":      "PHYSICAL",
			"media": Object{"main": Object{"image": Object{
				"url": "https://static.example.com/sandbox/" + slug + ".jpg", "altText": s.name,
			}}},
			"actualPriceRange": Object{"minValue": money(s.price), "maxValue": money(s.price)},
			"inventory":        Object{"availabilityStatus": []string{"IN_STOCK", "IN_STOCK", "OUT_OF_STOCK"}[i%3], "preorderStatus": "DISABLED"},
			"currency":         "USD",
		}
		if s.format != nil {
			choices := make([]any, len(s.format))
			for j, f := range s.format {
				choices[j] = Object{"choiceId": guid(fmt.Sprintf("%s/choice/%d", id, j)), "name": f}
			}
			p["options"] = []any{Object{
				"id": guid(id + "/option/format"), "name": "Format",
				"optionRenderType": "TEXT_CHOICES", "choicesSettings": Object{"choices": choices},
			}}
		}
		addCatalogDetails(siteID, i, p, s.price)
		out = append(out, p)
	}
	return out
}

type lineSeed struct {
	name  string
	qty   int
	price string
}

// ordersFor builds eCommerce orders placed by the site's contacts.
func ordersFor(siteID string, contacts []Object, baseNumber int, orders [][]lineSeed) []Object {
	pay := []string{"PAID", "NOT_PAID", "PAID", "PARTIALLY_REFUNDED"}
	ful := []string{"FULFILLED", "NOT_FULFILLED", "NOT_FULFILLED", "FULFILLED"}
	out := make([]Object, 0, len(orders))
	for i, lines := range orders {
		id := guid(fmt.Sprintf("%s/order/%d", siteID, i))
		buyer := contacts[(i*5)%len(contacts)]
		var items []any
		total := 0
		for j, l := range lines {
			var d, c int
			if _, err := fmt.Sscanf(l.price, "%d.%d", &d, &c); err != nil {
				panic(fmt.Sprintf("wixsim: seed price %q is not dollars.cents", l.price))
			}
			total += (d*100 + c) * l.qty
			items = append(items, Object{
				"id":               guid(fmt.Sprintf("%s/line/%d", id, j)),
				"productName":      Object{"original": l.name},
				"quantity":         l.qty,
				"price":            money(l.price),
				"itemType":         Object{"preset": "PHYSICAL"},
				"catalogReference": Object{"catalogItemId": guid(siteID + "/catalog/" + l.name), "appId": "215238eb-22a5-4c36-9e7b-e7c08025e04e"},
			})
		}
		sum := money(fmt.Sprintf("%d.%02d", total/100, total%100))
		created := wixTime(dayAfter(seedEpoch, 4*i+10))
		out = append(out, Object{
			"id":                id,
			"number":            fmt.Sprintf("%d", baseNumber+i),
			"createdDate":       created,
			"updatedDate":       created,
			"status":            "APPROVED",
			"paymentStatus":     pay[i%len(pay)],
			"fulfillmentStatus": ful[i%len(ful)],
			"currency":          "USD",
			"archived":          false,
			"buyerInfo": Object{
				"contactId": buyer["id"],
				"email":     buyer["primaryInfo"].(Object)["email"],
			},
			"lineItems":    items,
			"priceSummary": Object{"subtotal": sum, "total": sum},
			"channelInfo":  Object{"type": "WEB"},
		})
	}
	return out
}

// collectionFor builds a Wix Data collection; each row is the user fields
// of one item, system fields are added here.
func collectionFor(siteID, id, display string, fields []SeedField, rows []Object) SeedCollection {
	items := make([]Object, 0, len(rows))
	for i, row := range rows {
		created := Object{"$date": wixTime(dayAfter(seedEpoch, 2*i+6))}
		item := Object{
			"_id":          guid(fmt.Sprintf("%s/data/%s/%d", siteID, id, i)),
			"_createdDate": created,
			"_updatedDate": created,
			"_owner":       guid(siteID + "/owner"),
		}
		for k, v := range row {
			item[k] = v
		}
		items = append(items, item)
	}
	return SeedCollection{ID: id, DisplayName: display, Fields: fields, Items: items}
}

// propertiesFor is the Site Properties answer of a site.
func propertiesFor(display, business, domain, phone, tz, category, description string) Object {
	return Object{
		"categories":      Object{"primary": category, "secondary": []any{}},
		"locale":          Object{"languageCode": "en", "country": "US"},
		"language":        "en",
		"paymentCurrency": "USD",
		"timeZone":        tz,
		"email":           "hello@" + domain,
		"phone":           phone,
		"fax":             "",
		"address": Object{
			"street": "1 Sandbox Way", "city": "Exampleville", "country": "US",
			"state": "NY", "zip": "10001", "hint": Object{"text": "", "placement": "BEFORE"},
		},
		"siteDisplayName":      display,
		"businessName":         business,
		"description":          description,
		"multilingual":         Object{"supportedLanguages": []any{}, "autoRedirect": false},
		"consentPolicy":        Object{"essential": true, "functional": true, "analytics": false, "advertising": false},
		"businessConfig":       "UNKNOWN_BUSINESS_CONFIG",
		"externalSiteUrl":      "",
		"trackClicksAnalytics": false,
	}
}
