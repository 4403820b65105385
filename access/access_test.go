package access

import (
	"context"
	"testing"
)

func TestAuthenticateAndReach(t *testing.T) {
	t.Parallel()
	users, err := NewUsers([]User{
		{Name: "alice", Accounts: []string{"agency"}, TokenHash: HashToken("alice-token")},
		{Name: "intern", SiteIDs: []string{"site-1"}, ReadOnly: true, TokenHash: HashToken("intern-token")},
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		token, want string
	}{{"alice-token", "alice"}, {"intern-token", "intern"}, {"alice-token ", ""}, {"", ""}, {"other", ""}}
	for _, tt := range tests {
		u, ok := users.Authenticate(tt.token)
		if got := ""; ok {
			got = u.Name
			if got != tt.want {
				t.Errorf("Authenticate(%q) = %q, want %q", tt.token, got, tt.want)
			}
		} else if tt.want != "" {
			t.Errorf("Authenticate(%q) failed, want %q", tt.token, tt.want)
		}
	}
	alice, _ := users.Authenticate("alice-token")
	intern, _ := users.Authenticate("intern-token")
	reach := []struct {
		u             *User
		site, account string
		want          bool
	}{
		{alice, "any-site", "agency", true},
		{alice, "site-1", "other", false},
		{alice, "own-key-site", "", false},
		{intern, "site-1", "agency", true},
		{intern, "site-2", "agency", false},
		{nil, "x", "", true},
	}
	for _, r := range reach {
		if got := r.u.ReachesSite(r.site, r.account); got != r.want {
			t.Errorf("%v.ReachesSite(%s, %s) = %v", r.u, r.site, r.account, got)
		}
	}
	if intern.ReachesAccount("agency") || !alice.ReachesAccount("agency") {
		t.Error("account reach wrong")
	}
	if !intern.SitesOnly("agency", func(string) string { return "agency" }) || alice.SitesOnly("agency", func(string) string { return "agency" }) {
		t.Error("SitesOnly wrong")
	}
	if NameFrom(WithUser(context.Background(), intern)) != "intern" || NameFrom(context.Background()) != "" {
		t.Error("context round trip")
	}
	if _, err := NewUsers([]User{{Name: "a", TokenHash: HashToken("t")}, {Name: "b", TokenHash: HashToken("t")}}); err == nil {
		t.Error("two users with one token must be refused")
	}
	tok, err := NewToken()
	if err != nil || len(tok) < MinTokenLength {
		t.Errorf("NewToken = %q, %v", tok, err)
	}
}
