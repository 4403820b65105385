package wixsim

import (
	"fmt"
	"strings"
	"time"
)

var bakeryPeople = []person{
	{"Ada", "Baker"}, {"Bruno", "Crumb"}, {"Chloe", "Dough"}, {"Dev", "Patel"},
	{"Elena", "Rossi"}, {"Farid", "Haddad"}, {"Grace", "Kim"}, {"Hugo", "Lefebvre"},
	{"Ines", "Moreau"}, {"Jonas", "Berg"}, {"Keiko", "Tanaka"},
}

func bakerySite() SeedSite {
	id := SiteBakery
	contacts := contactsFor(id, "bakery.example.com", bakeryPeople)
	// The poisoned contact: hidden instructions plus zero-width, bidi
	// override and tag characters, for tests of output sanitising.
	poisoned := newContact(PoisonedContactID, person{PoisonedFirstName, "Injection"},
		"mallory@example.net", "+1-555-0199", dayAfter(seedEpoch, 40), []string{"custom.vip"})
	contacts = append(contacts, poisoned)
	recipes := []Object{
		{"title": "Sourdough Loaf", "minutes": 1440.0, "vegan": true, "tags": []any{"bread", "classic"}},
		{"title": "Croissant", "minutes": 720.0, "vegan": false, "tags": []any{"pastry", "classic"}},
		{"title": "Carrot Cake", "minutes": 95.0, "vegan": false, "tags": []any{"cake"}},
		{"title": "Focaccia", "minutes": 300.0, "vegan": true, "tags": []any{"bread"}},
		{"title": "Lemon Tart", "minutes": 120.0, "vegan": false, "tags": []any{"pastry", "seasonal"}},
		{"title": "Rye Crackers", "minutes": 60.0, "vegan": true, "tags": []any{"snack"}},
	}
	testimonials := []Object{
		{"author": "Ada B.", "quote": "Best sourdough in the sandbox.", "rating": 5.0},
		{"author": "Dev P.", "quote": "Croissants sell out by nine.", "rating": 4.0},
		{"author": "Grace K.", "quote": "Lovely staff.", "rating": 5.0},
	}
	return SeedSite{
		ID: id, AccountID: AgencyAccountID, Name: "sandbox-bakery", DisplayName: "Sandbox Bakery",
		Namespace: "WIX", EditorType: "EDITOR", CreatedDate: seedEpoch.AddDate(-1, 0, 0),
		Published: true, Premium: true,
		Properties: propertiesFor("Sandbox Bakery", "Sandbox Bakery LLC", "bakery.example.com",
			"+1-555-0100", "America/New_York", "bakery", "A pretend bakery for API tests."),
		Contacts: contacts,
		Members:  membersFor(id, contacts, 4),
		Orders: ordersFor(id, contacts, 10001, [][]lineSeed{
			{{"Sourdough Loaf", 2, "7.50"}},
			{{"Croissant", 6, "3.25"}, {"Lemon Tart", 1, "18.00"}},
			{{"Carrot Cake", 1, "32.00"}},
			{{"Focaccia", 3, "6.00"}},
			{{"Rye Crackers", 4, "4.75"}, {"Sourdough Loaf", 1, "7.50"}},
		}),
		FormSubmissions: submissionsFor(id, contacts, []submissionSeed{
			{0, "contact", "Do you bake gluten-free bread?", true},
			{3, "catering", "A cake for 40 people on Saturday?", false},
			{5, "contact", "Are you open on Sundays?", false},
		}),
		Collections: []SeedCollection{
			collectionFor(id, "Recipes", "Recipes", []SeedField{
				{"title", "Title", "TEXT"}, {"minutes", "Minutes", "NUMBER"},
				{"vegan", "Vegan", "BOOLEAN"}, {"tags", "Tags", "ARRAY_STRING"},
			}, recipes),
			collectionFor(id, "Testimonials", "Testimonials", []SeedField{
				{"author", "Author", "TEXT"}, {"quote", "Quote", "TEXT"}, {"rating", "Rating", "NUMBER"},
			}, testimonials),
		},
	}
}

func yogaSite() SeedSite {
	id := SiteYoga
	contacts := contactsFor(id, "yoga.example.com", []person{
		{"Asha", "Rao"}, {"Ben", "Okafor"}, {"Carla", "Mendes"}, {"Dana", "Levi"},
		{"Emil", "Novak"}, {"Fatima", "Zahra"}, {"Gus", "Olsen"}, {"Hana", "Sato"},
		{"Ivan", "Petrov"}, {"Jade", "Wong"}, {"Kofi", "Mensah"}, {"Lena", "Fischer"},
	})
	return SeedSite{
		ID: id, AccountID: AgencyAccountID, Name: "sandbox-yoga-studio", DisplayName: "Sandbox Yoga Studio",
		Namespace: "WIX", EditorType: "STUDIO", CreatedDate: seedEpoch.AddDate(0, -9, 0),
		Published: true, Premium: false,
		Properties: propertiesFor("Sandbox Yoga Studio", "Sandbox Yoga", "yoga.example.com",
			"+1-555-0110", "Europe/London", "fitness", "A pretend yoga studio for API tests."),
		Contacts: contacts,
		Members:  membersFor(id, contacts, 5),
		Orders: ordersFor(id, contacts, 20001, [][]lineSeed{
			{{"10-Class Pass", 1, "120.00"}},
			{{"Drop-in Class", 2, "15.00"}},
			{{"Yoga Mat", 1, "45.00"}, {"Drop-in Class", 1, "15.00"}},
			{{"Monthly Unlimited", 1, "99.00"}},
		}),
		FormSubmissions: submissionsFor(id, contacts, []submissionSeed{
			{1, "trial", "I'd like a free trial class.", true},
			{2, "trial", "Is the Sunrise Flow class full?", true},
		}),
		Collections: []SeedCollection{
			collectionFor(id, "Classes", "Classes", []SeedField{
				{"title", "Title", "TEXT"}, {"level", "Level", "TEXT"}, {"capacity", "Capacity", "NUMBER"},
			}, []Object{
				{"title": "Sunrise Flow", "level": "beginner", "capacity": 20.0},
				{"title": "Power Vinyasa", "level": "advanced", "capacity": 15.0},
				{"title": "Yin & Restore", "level": "all", "capacity": 25.0},
				{"title": "Lunchtime Stretch", "level": "beginner", "capacity": 12.0},
			}),
		},
	}
}

func bookshopSite() SeedSite {
	id := SiteBookshop
	contacts := contactsFor(id, "books.example.com", []person{
		{"Alice", "Liddell"}, {"Bilbo", "Baggins"}, {"Clara", "Oswald"}, {"Dorian", "Gray"},
		{"Emma", "Woodhouse"}, {"Frodo", "Hill"}, {"Gina", "Marsh"}, {"Holden", "Field"},
		{"Isabel", "Archer"}, {"Jay", "Gatsby"}, {"Kim", "Park"}, {"Lucy", "Pevensie"},
	})
	return SeedSite{
		ID: id, AccountID: AgencyAccountID, Name: "sandbox-bookshop", DisplayName: "Sandbox Bookshop",
		Namespace: "WIX", EditorType: "EDITOR", CreatedDate: seedEpoch.AddDate(-2, 0, 0),
		Published: true, Premium: true, StoresV3: true,
		Properties: propertiesFor("Sandbox Bookshop", "Sandbox Books Ltd", "books.example.com",
			"+1-555-0120", "America/Chicago", "books", "A pretend bookshop for API tests."),
		Contacts: contacts,
		Members:  membersFor(id, contacts, 4),
		Products: productsFor(id, []productSeed{
			{"Sandbox Atlas", "24.99", true, []string{"Hardcover", "Paperback"}},
			{"The Test Fixture", "12.50", true, []string{"Paperback", "E-book"}},
			{"Mocking Birds", "9.99", true, nil},
			{"Deterministic Dreams", "18.00", true, []string{"Hardcover"}},
			{"Cursor of Fate", "15.75", true, nil},
			{"Unpublished Manuscript", "99.00", false, nil},
			{"Race Conditions", "21.00", true, []string{"Paperback"}},
			{"Go Gently", "11.25", true, nil},
		}),
		Orders: ordersFor(id, contacts, 30001, [][]lineSeed{
			{{"Sandbox Atlas", 1, "24.99"}},
			{{"Mocking Birds", 2, "9.99"}, {"Go Gently", 1, "11.25"}},
			{{"Cursor of Fate", 1, "15.75"}},
			{{"Race Conditions", 1, "21.00"}},
			{{"The Test Fixture", 3, "12.50"}},
			{{"Deterministic Dreams", 1, "18.00"}},
		}),
		Collections: []SeedCollection{
			collectionFor(id, "Authors", "Authors", []SeedField{
				{"name", "Name", "TEXT"}, {"born", "Born", "NUMBER"}, {"genres", "Genres", "ARRAY_STRING"},
			}, []Object{
				{"name": "Ada Sandbox", "born": 1950.0, "genres": []any{"fantasy", "travel"}},
				{"name": "Bo Fixture", "born": 1972.0, "genres": []any{"mystery"}},
				{"name": "Cy Mock", "born": 1988.0, "genres": []any{"nature", "poetry"}},
				{"name": "Di Cursor", "born": 1965.0, "genres": []any{"fantasy"}},
				{"name": "Ed Race", "born": 1991.0, "genres": []any{"thriller", "mystery"}},
			}),
		},
	}
}

func headlessSite() SeedSite {
	id := SiteHeadless
	contacts := contactsFor(id, "headless.example.com", []person{
		{"Arlo", "Node"}, {"Bea", "React"}, {"Cal", "Vue"}, {"Dot", "Svelte"},
		{"Eli", "Astro"}, {"Flo", "Remix"}, {"Gil", "Next"}, {"Hal", "Nuxt"},
		{"Ivy", "Deno"}, {"Joe", "Bun"}, {"Kai", "Vite"}, {"Liv", "Hono"},
	})
	return SeedSite{
		ID: id, AccountID: AgencyAccountID, Name: "headless-" + id, DisplayName: "Sandbox Headless Shop",
		Namespace: "HEADLESS", EditorType: "EDITORLESS", CreatedDate: seedEpoch.AddDate(0, -3, 0),
		Published: false, Premium: false, StoresV3: true,
		Properties: propertiesFor("Sandbox Headless Shop", "Sandbox Headless Inc", "headless.example.com",
			"+1-555-0130", "America/Los_Angeles", "online-store", "A pretend headless store for API tests."),
		Contacts: contacts,
		Members:  membersFor(id, contacts, 3),
		Products: productsFor(id, []productSeed{
			{"Sandbox Hoodie", "49.00", true, []string{"S", "M", "L"}},
			{"Sandbox Mug", "14.00", true, nil},
			{"Sandbox Sticker Pack", "5.00", true, nil},
			{"Sandbox Cap", "22.00", true, []string{"One size"}},
			{"Prototype Tote", "30.00", false, nil},
		}),
		Orders: ordersFor(id, contacts, 40001, [][]lineSeed{
			{{"Sandbox Hoodie", 1, "49.00"}},
			{{"Sandbox Mug", 2, "14.00"}, {"Sandbox Sticker Pack", 3, "5.00"}},
			{{"Sandbox Cap", 1, "22.00"}},
		}),
		Collections: []SeedCollection{
			collectionFor(id, "Articles", "Articles", []SeedField{
				{"title", "Title", "TEXT"}, {"slug", "Slug", "TEXT"}, {"draft", "Draft", "BOOLEAN"},
			}, []Object{
				{"title": "Hello Headless", "slug": "hello-headless", "draft": false},
				{"title": "Caching Tips", "slug": "caching-tips", "draft": false},
				{"title": "Unfinished Thoughts", "slug": "unfinished", "draft": true},
			}),
		},
	}
}

func otherSite() SeedSite {
	id := SiteOther
	contacts := contactsFor(id, "other.example.org", []person{
		{"Ann", "Other"}, {"Bob", "Else"}, {"Cid", "Outsider"}, {"Deb", "Stranger"},
		{"Eve", "Eavesdrop"}, {"Fay", "Foreign"}, {"Guy", "Guest"}, {"Hex", "Hidden"},
		{"Ida", "Isolated"}, {"Jim", "Jailed"}, {"Kit", "Kept"}, {"Lou", "Locked"},
	})
	return SeedSite{
		ID: id, AccountID: OtherAccountID, Name: "sandbox-other-site", DisplayName: "Sandbox Other Site",
		Namespace: "WIX", EditorType: "EDITOR", CreatedDate: seedEpoch.AddDate(0, -6, 0),
		Published: true,
		Properties: propertiesFor("Sandbox Other Site", "Other Sandbox Co", "other.example.org",
			"+1-555-0140", "UTC", "services", "A site of another account; the agency key must not reach it."),
		Contacts: contacts,
		Members:  membersFor(id, contacts, 2),
		Orders: ordersFor(id, contacts, 50001, [][]lineSeed{
			{{"Consultation", 1, "80.00"}},
			{{"Follow-up", 2, "40.00"}},
		}),
		Collections: []SeedCollection{
			collectionFor(id, "Notes", "Notes", []SeedField{{"text", "Text", "TEXT"}}, []Object{
				{"text": "Private note of the other account."},
			}),
		},
	}
}

// extraSite is a bare site added by WithExtraSites, numbered from 1.
func extraSite(accountID string, n int) SeedSite {
	id := guid(fmt.Sprintf("extra-site/%s/%d", accountID, n))
	name := fmt.Sprintf("Sandbox Extra Site %04d", n)
	return SeedSite{
		ID: id, AccountID: accountID, Name: fmt.Sprintf("sandbox-extra-site-%04d", n), DisplayName: name,
		Namespace: "WIX", EditorType: "EDITOR", CreatedDate: seedEpoch.Add(time.Duration(n) * time.Hour),
		Published: n%2 == 0,
		Properties: propertiesFor(name, name, "extra.example.com", "+1-555-0150", "UTC", "other",
			"A filler site for paging tests."),
	}
}

// filler is deterministic text of about n bytes, used to make big contacts.
func filler(seed, n int) string {
	words := []string{"sandbox", "fixture", "cursor", "paging", "emulator", "request", "answer", "contact", "deterministic", "payload"}
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		b.WriteString(words[(seed+i*7)%len(words)])
		b.WriteByte(' ')
	}
	return b.String()[:n]
}

// extraContact is a ~2 KB contact added by WithExtraContacts.
func extraContact(siteID string, n int) Object {
	id := guid(fmt.Sprintf("%s/extra-contact/%d", siteID, n))
	p := person{fmt.Sprintf("Bulk%05d", n), "Contact"}
	c := newContact(id, p, fmt.Sprintf("bulk%05d@bulk.example.com", n),
		fmt.Sprintf("+1-555-01%02d", n%100), dayAfter(seedEpoch, 60).Add(time.Duration(n)*time.Minute), nil)
	info := c["info"].(Object)
	info["addresses"] = Object{"items": []any{Object{
		"id": guid(id + "/address"), "tag": "HOME",
		"address": Object{"addressLine": fmt.Sprintf("%d Bulk Street", n), "city": "Exampleville", "country": "US", "postalCode": "10001"},
	}}}
	info["extendedFields"] = Object{"items": Object{"custom.notes": filler(n, 1300)}}
	return c
}
