package e2e

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	gomcp "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/wix-mcp/wix-mcp/prompts"
	"github.com/wix-mcp/wix-mcp/wixclient/wixsim"
)

// TestPromptsRunOnTheSandbox gets every prompt from the built binary with
// a real client, checks it is the workflow's text, then runs each of its
// steps against the sandbox, filling <placeholders> from the earlier
// steps' results as a model would. A prompt whose tool calls do not work
// fails here.
func TestPromptsRunOnTheSandbox(t *testing.T) {
	s := startStdio(t, nil, nil, "--sandbox")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	listed, err := s.ListPrompts(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	served := map[string]bool{}
	for _, p := range listed.Prompts {
		served[p.Name] = true
		if p.Description == "" || p.Title == "" {
			t.Errorf("prompt %s lacks a title or description", p.Name)
		}
	}

	// A buyer of the bakery, for contact_orders (setup, not a prompt step).
	orders := s.call(t, "call_site_api", map[string]any{"site_id": wixsim.SiteBakery, "method": "POST", "path": "/ecom/v1/orders/search",
		"body": map[string]any{"search": map[string]any{"cursorPaging": map[string]any{"limit": 1}}}})
	var firstOrder struct {
		Orders []struct {
			BuyerInfo struct{ Email, ContactID string } `json:"buyerInfo"`
		} `json:"orders"`
	}
	if err := json.Unmarshal([]byte(jsonPart(text(orders))), &firstOrder); err != nil || len(firstOrder.Orders) == 0 {
		t.Fatalf("no order on the bakery: %v %s", err, text(orders))
	}
	buyer := firstOrder.Orders[0].BuyerInfo

	today := time.Now().UTC().Truncate(24 * time.Hour)
	cases := map[string]struct {
		values map[string]string
		// fill gives the <placeholders> of step i from the earlier results;
		// check looks at step i's result.
		fill  func(t *testing.T, i int, earlier []string) map[string]string
		check func(t *testing.T, i int, out string)
	}{
		"audit_sites": {
			fill: func(*testing.T, int, []string) map[string]string {
				return map[string]string{"<each configured account>": "agency", "<each site ID>": wixsim.SiteBakery}
			},
			check: func(t *testing.T, i int, out string) {
				want := []string{"Sandbox Bakery", "Sandbox Bakery"}[i]
				if !strings.Contains(out, want) {
					t.Errorf("step %d lacks %q: %s", i+1, want, out)
				}
			},
		},
		"contact_orders": {
			values: map[string]string{"site": wixsim.SiteBakery, "email": buyer.Email},
			fill: func(t *testing.T, i int, earlier []string) map[string]string {
				if i == 1 {
					return map[string]string{"<contact id>": firstID(t, earlier[0], "contacts")}
				}
				return nil
			},
			check: func(t *testing.T, i int, out string) {
				if i == 0 && !strings.Contains(out, buyer.ContactID) {
					t.Errorf("the email query does not find the buyer %s: %s", buyer.ContactID, out)
				}
				if i == 1 && !strings.Contains(out, `"contactId":"`+buyer.ContactID+`"`) {
					t.Errorf("no order of the buyer: %s", out)
				}
			},
		},
		"add_product": {
			values: map[string]string{"site": wixsim.SiteBookshop, "name": "E2E Poster", "price": "14.50", "image_url": "https://static.example.com/e2e-poster.jpg"},
			fill: func(t *testing.T, i int, earlier []string) map[string]string {
				if i == 2 {
					var created struct {
						Product struct{ ID string } `json:"product"`
					}
					if err := json.Unmarshal([]byte(jsonPart(earlier[1])), &created); err != nil || created.Product.ID == "" {
						t.Fatalf("create product gave no id: %v %s", err, earlier[1])
					}
					return map[string]string{"<new product id>": created.Product.ID}
				}
				return nil
			},
			check: func(t *testing.T, i int, out string) {
				if i == 2 && (!strings.Contains(out, "E2E Poster") || !strings.Contains(out, "https://static.example.com/e2e-poster.jpg") || !strings.Contains(out, "14.50")) {
					t.Errorf("the product read back lacks its name, image or price: %s", out)
				}
			},
		},
		"export_collection": {
			values: map[string]string{"site": wixsim.SiteBakery, "collection": "Recipes"},
			check: func(t *testing.T, i int, out string) {
				if i == 0 && !strings.Contains(out, `"Recipes"`) {
					t.Errorf("collections lack Recipes: %s", out)
				}
				if i == 1 && !strings.Contains(out, `"dataItems"`) {
					t.Errorf("no items: %s", out)
				}
			},
		},
		"week_bookings": {
			values: map[string]string{"site": wixsim.SiteYoga},
			fill: func(*testing.T, int, []string) map[string]string {
				return map[string]string{
					"<today, e.g. 2026-01-05T00:00:00.000Z>": today.Format("2006-01-02T15:04:05.000Z"),
					"<seven days later>":                     today.AddDate(0, 0, 7).Format("2006-01-02T15:04:05.000Z"),
				}
			},
			check: func(t *testing.T, i int, out string) {
				var page struct {
					ExtendedBookings []struct {
						Booking struct{ StartDate string } `json:"booking"`
					} `json:"extendedBookings"`
				}
				if err := json.Unmarshal([]byte(jsonPart(out)), &page); err != nil || len(page.ExtendedBookings) != 7 {
					t.Fatalf("want the 7 bookings of this week: %v %s", err, out)
				}
				for _, b := range page.ExtendedBookings {
					if b.Booking.StartDate < today.Format(time.RFC3339) || b.Booking.StartDate >= today.AddDate(0, 0, 7).Format(time.RFC3339) {
						t.Errorf("booking outside this week: %s", b.Booking.StartDate)
					}
				}
			},
		},
	}

	for _, w := range prompts.Workflows() {
		t.Run(w.Name, func(t *testing.T) {
			tc, ok := cases[w.Name]
			if !ok {
				t.Fatalf("prompt %s has no end-to-end case here; add one", w.Name)
			}
			if !served[w.Name] {
				t.Fatalf("prompt %s is not served", w.Name)
			}
			got, err := s.GetPrompt(ctx, &gomcp.GetPromptParams{Name: w.Name, Arguments: tc.values})
			if err != nil {
				t.Fatal(err)
			}
			want, err := w.Render(tc.values)
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Messages) != 1 {
				t.Fatalf("messages: %d", len(got.Messages))
			}
			if tx, ok := got.Messages[0].Content.(*gomcp.TextContent); !ok || tx.Text != want {
				t.Errorf("served prompt differs from the workflow:\n%v", got.Messages[0].Content)
			}
			var results []string
			for i, step := range w.Steps {
				args := w.StepArgs(i, tc.values)
				if tc.fill != nil {
					args = prompts.Replace(args, tc.fill(t, i, results)).(map[string]any)
				}
				if left := leftPlaceholder(args); left != "" {
					t.Fatalf("step %d: placeholder %s not filled", i+1, left)
				}
				res := s.call(t, step.Tool, args)
				if res.IsError {
					t.Fatalf("step %d (%s %v) failed on the sandbox:\n%s", i+1, step.Tool, args, text(res))
				}
				results = append(results, text(res))
				if tc.check != nil {
					tc.check(t, i, text(res))
				}
			}
		})
	}
	// A required argument left out is a JSON-RPC error naming it.
	if _, err := s.GetPrompt(ctx, &gomcp.GetPromptParams{Name: "export_collection", Arguments: map[string]string{"site": "x"}}); err == nil || !strings.Contains(err.Error(), "collection") {
		t.Errorf("missing argument: %v", err)
	}
}

func leftPlaceholder(v any) string {
	b, _ := json.Marshal(v)
	s := strings.ReplaceAll(string(b), `\u003c`, "<")
	if i := strings.Index(s, "<"); i >= 0 {
		return s[i:min(len(s), i+40)]
	}
	return ""
}

// firstID is the id of the first item of the list under key in a tool
// result's JSON.
func firstID(t *testing.T, out, key string) string {
	t.Helper()
	var page map[string]json.RawMessage
	var items []struct {
		ID string `json:"id"`
	}
	err := json.Unmarshal([]byte(jsonPart(out)), &page)
	if err == nil {
		err = json.Unmarshal(page[key], &items)
	}
	if err != nil || len(items) == 0 || items[0].ID == "" {
		t.Fatalf("no %s id in: %v %s", key, err, out)
	}
	return items[0].ID
}
