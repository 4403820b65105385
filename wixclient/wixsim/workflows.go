package wixsim

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Endpoints the server's prompts walk through beyond the core verticals:
// creating a catalog v3 product, and Query Extended Bookings.

// handleCreateProduct is Create Product (catalog v3), POST /stores/v3/products
// with {product: {name, productType, media, variantsInfo, ...}}
// (https://dev.wix.com/docs/rest/business-solutions/stores/catalog-v3/products-v3/create-product).
// The emulator checks the name, stores the product with an ID, revision and
// dates, and answers {product}. Media given by URL is kept as the main image.
func handleCreateProduct(c *call) (any, *apiError) {
	if err := c.requireStores(); err != nil {
		return nil, err
	}
	in, err := c.input()
	if err != nil {
		return nil, err
	}
	p, ok := objectField(in, "product")
	if !ok {
		return nil, violation("product", "is required", "REQUIRED_FIELD")
	}
	p = cloneObject(p)
	name := strings.TrimSpace(stringField(p, "name"))
	if name == "" {
		return nil, violation("product.name", "is required", "REQUIRED_FIELD")
	}
	if _, ok := p["productType"]; !ok {
		return nil, violation("product.productType", "is required (PHYSICAL or DIGITAL)", "REQUIRED_FIELD")
	}
	now := c.sim.tick()
	slug := strings.ToLower(strings.Join(strings.Fields(name), "-"))
	p["id"], p["revision"], p["createdDate"], p["updatedDate"] = c.sim.newID("product"), "1", now, now
	if _, ok := p["slug"]; !ok {
		p["slug"] = slug
	}
	if _, ok := p["visible"]; !ok {
		p["visible"] = true
	}
	if media, ok := objectField(p, "media"); ok {
		if info, ok := objectField(media, "itemsInfo"); ok {
			if items, ok := info["items"].([]any); ok && len(items) > 0 {
				if first, ok := items[0].(map[string]any); ok {
					media = cloneObject(media)
					media["main"] = Object{"image": Object{"url": first["url"], "altText": first["altText"]}}
					p["media"] = media
				}
			}
		}
	}
	c.site.products.items = append(c.site.products.items, p)
	return Object{"product": p}, nil
}

// extendedBookingsSpec is Query Extended Bookings
// (https://dev.wix.com/docs/rest/business-solutions/bookings/bookings/bookings-reader-v2/query-extended-bookings):
// {query: {filter, sort, cursorPaging}}, filters on the booking's fields.
var extendedBookingsSpec = &querySpec{
	name: "extended-bookings", root: "query",
	filter: filterRules{
		"id": {path: "booking.id"}, "startDate": {path: "booking.startDate"}, "endDate": {path: "booking.endDate"},
		"status": {path: "booking.status"}, "contactDetails.contactId": {path: "booking.contactDetails.contactId"},
	},
	sortKey:     "sort",
	sortable:    map[string]bool{"booking.startDate": true, "booking.endDate": true, "booking.createdDate": true},
	defaultSort: []sortItem{{FieldName: "booking.startDate", Order: "ASC"}},
	idField:     "booking.id",
	cursor:      true, offset: true, defaultLimit: 50, maxLimit: 100,
}

func handleQueryExtendedBookings(c *call) (any, *apiError) {
	_, q, err := c.queryInput("query")
	if err != nil {
		return nil, err
	}
	q = cloneObject(q)
	if sorts, ok := q["sort"].([]any); ok {
		// Sort names the booking's fields without the "booking." prefix.
		fixed := make([]any, 0, len(sorts))
		for _, s := range sorts {
			if m, ok := s.(map[string]any); ok {
				m = cloneObject(m)
				if f, ok := m["fieldName"].(string); ok && !strings.HasPrefix(f, "booking.") {
					m["fieldName"] = "booking." + f
				}
				s = m
			}
			fixed = append(fixed, s)
		}
		q["sort"] = fixed
	}
	res, err := extendedBookingsSpec.run(q, c.site.id, bookingsOf(c.site, time.Now()), nil)
	if err != nil {
		return nil, err
	}
	return Object{"extendedBookings": orEmpty(res.items), "pagingMetadata": res.cursorMeta()}, nil
}

// bookingsOf makes a site's bookings: a class each day of the week around
// now, booked by the site's contacts, for the sites whose Wix Data has a
// Classes collection (the yoga studio). They are made relative to now so
// that "this week's bookings" always finds some.
func bookingsOf(s *siteState, now time.Time) []Object {
	var classes []Object
	for _, dc := range s.collections {
		if dc.id == "Classes" {
			classes = dc.items.items
		}
	}
	contacts := s.contacts.items
	if len(classes) == 0 || len(contacts) == 0 {
		return nil
	}
	day := time.Date(now.Year(), now.Month(), now.Day(), 8, 0, 0, 0, time.UTC)
	statuses := []string{"CONFIRMED", "CONFIRMED", "PENDING", "CANCELED"}
	var out []Object
	for i := -7; i < 14; i++ {
		class := classes[(i+7)%len(classes)]
		contact := contacts[(i+7)%len(contacts)]
		start := day.AddDate(0, 0, i)
		title, _ := class["title"].(string)
		out = append(out, Object{"booking": Object{
			"id":          guid(fmt.Sprintf("%s/booking/%d", s.id, i+7)),
			"status":      statuses[(i+7)%len(statuses)],
			"startDate":   wixTime(start),
			"endDate":     wixTime(start.Add(time.Hour)),
			"createdDate": wixTime(start.AddDate(0, 0, -3)),
			"bookedEntity": Object{"title": title, "item": Object{"slot": Object{
				"startDate": wixTime(start), "endDate": wixTime(start.Add(time.Hour)),
			}}},
			"contactDetails":    Object{"contactId": contact["id"], "firstName": nameOf(contact, "first"), "lastName": nameOf(contact, "last")},
			"totalParticipants": 1.0,
		}})
	}
	return out
}

func nameOf(contact Object, part string) string {
	info, _ := objectField(contact, "info")
	name, _ := objectField(info, "name")
	return stringField(name, part)
}

// routeWorkflows adds the routes above; handler.go calls it.
func routeWorkflows(add func(method, path string, level scopeKind, h func(*call) (any, *apiError))) {
	add(http.MethodPost, "/stores/v3/products", siteLevel, handleCreateProduct)
	add(http.MethodPost, "/bookings/bookings-reader/v2/extended-bookings/query", siteLevel, handleQueryExtendedBookings)
}
