// Package wixsim is a local emulator of the Wix REST API for tests and
// sandboxes, in the spirit of net/http/httptest.
//
// A Sim serves Wix's real paths with Wix's field names, auth rules, error
// shapes, query language and paging quirks (see
// https://dev.wix.com/docs/rest and the @wix/auto_sdk_* npm packages), over
// seeded, deterministic data that
// writes change for the life of the process. Faults (errors, latency,
// hangs, oversized, malformed or truncated answers, connection resets) and
// a rate limit can be injected, and every request is logged without its
// key.
//
//	srv := wixsim.NewServer()
//	defer srv.Close()
//	req, _ := http.NewRequest("POST", srv.URL+"/contacts/v4/contacts/query", body)
//	req.Header.Set("Authorization", wixsim.AgencyKey)
//	req.Header.Set("wix-site-id", wixsim.SiteBakery)
package wixsim

import (
	"fmt"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// Sim is an in-memory Wix. It implements http.Handler and is safe for
// concurrent use.
type Sim struct {
	mu          sync.Mutex // guards the business state below
	accounts    []*accountState
	accountByID map[string]*accountState
	keys        map[string]*keyState
	sites       []*siteState
	siteByID    map[string]*siteState
	clockSeq    int64
	idSeq       int64

	reqSeq atomic.Int64
	log    requestLog
	faults faultQueue
	rate   rateLimiter
	routes []route
	state  *stateFile // nil without WithStateFile
	// accountStores hold account-level generic entities, by account ID.
	accountStores map[string]*siteState
}

type accountState struct {
	id, name, key string
}

type keyState struct {
	key, accountID string
	sites          map[string]bool // nil grants every site of the account
}

type siteState struct {
	id, accountID string
	obj           Object // the Query Sites object
	storesV3      bool
	properties    Object
	propsVersion  int
	contacts      *table
	members       *table
	products      *table
	orders        *table
	submissions   *table
	collections   []*dataCollection
	// tables and singletons hold the generic engine's entities, keyed by
	// catalog entity ("blog.posts"); both are filled on first use.
	tables     map[string]*table
	singletons map[string]Object
}

// table is an ordered list of stored objects. Stored objects are never
// mutated: a write stores a modified copy, so answers built under the lock
// can be encoded after it is released.
type table struct {
	idField string
	items   []Object
}

func (t *table) index(id string) int {
	for i, it := range t.items {
		if it[t.idField] == id {
			return i
		}
	}
	return -1
}

type dataCollection struct {
	id, displayName string
	revision        int // 0 reads as 1
	fields          []SeedField
	items           *table
}

// Option configures New and NewServer.
type Option func(*config)

type config struct {
	seed          *Seed
	extraSites    []extraCount
	extraContacts []extraCount
	logCapacity   int
	stateFile     string
}

type extraCount struct {
	id string
	n  int
}

// WithSeed replaces DefaultSeed.
func WithSeed(seed Seed) Option { return func(c *config) { c.seed = &seed } }

// WithExtraSites adds n bare sites ("Sandbox Extra Site 0001", ...) to an
// account, for paging tests.
func WithExtraSites(accountID string, n int) Option {
	return func(c *config) { c.extraSites = append(c.extraSites, extraCount{accountID, n}) }
}

// WithExtraContacts adds n contacts of about 2 KB each to a site, so a
// query for 1000 of them answers about 2 MB.
func WithExtraContacts(siteID string, n int) Option {
	return func(c *config) { c.extraContacts = append(c.extraContacts, extraCount{siteID, n}) }
}

// WithRequestLog sets how many requests the log keeps (default 10000);
// older ones are dropped first.
func WithRequestLog(capacity int) Option { return func(c *config) { c.logCapacity = capacity } }

// New returns a Sim loaded with the default seed, or the one of WithSeed.
// It panics if the seed refers to an unknown account or site, which is a
// programming error in the test that built it, or if the state file of
// WithStateFile cannot be read; Open returns that error instead.
func New(opts ...Option) *Sim {
	s, err := Open(opts...)
	if err != nil {
		panic("wixsim: " + err.Error())
	}
	return s
}

// Open is New for callers that pass WithStateFile: an unreadable or
// corrupt state file is an error rather than a panic.
func Open(opts ...Option) (*Sim, error) {
	cfg := config{logCapacity: 10000}
	for _, o := range opts {
		o(&cfg)
	}
	seed := DefaultSeed()
	if cfg.seed != nil {
		seed = *cfg.seed
	}
	for _, x := range cfg.extraSites {
		for i := 1; i <= x.n; i++ {
			seed.Sites = append(seed.Sites, extraSite(x.id, i))
		}
	}
	for _, x := range cfg.extraContacts {
		idx := -1
		for i := range seed.Sites {
			if seed.Sites[i].ID == x.id {
				idx = i
			}
		}
		if idx < 0 {
			panic(fmt.Sprintf("wixsim: WithExtraContacts: unknown site %q", x.id))
		}
		for i := 1; i <= x.n; i++ {
			seed.Sites[idx].Contacts = append(seed.Sites[idx].Contacts, extraContact(x.id, i))
		}
	}
	s := &Sim{log: requestLog{capacity: cfg.logCapacity}, rate: rateLimiter{now: time.Now}}
	s.load(seed)
	s.routes = s.routeTable()
	if cfg.stateFile != "" {
		s.state = &stateFile{path: cfg.stateFile}
		if err := s.syncIn(); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func (s *Sim) load(seed Seed) {
	s.accountByID = map[string]*accountState{}
	s.keys = map[string]*keyState{}
	s.siteByID = map[string]*siteState{}
	for _, a := range seed.Accounts {
		acc := &accountState{id: a.ID, name: a.Name}
		s.accounts = append(s.accounts, acc)
		s.accountByID[a.ID] = acc
	}
	for _, k := range seed.Keys {
		acc := s.accountByID[k.AccountID]
		if acc == nil {
			panic(fmt.Sprintf("wixsim: key for unknown account %q", k.AccountID))
		}
		ks := &keyState{key: k.Key, accountID: k.AccountID}
		if len(k.SiteIDs) > 0 {
			ks.sites = map[string]bool{}
			for _, id := range k.SiteIDs {
				ks.sites[id] = true
			}
		} else if acc.key == "" {
			acc.key = k.Key
		}
		s.keys[k.Key] = ks
	}
	for _, ss := range seed.Sites {
		if s.accountByID[ss.AccountID] == nil {
			panic(fmt.Sprintf("wixsim: site %q of unknown account %q", ss.ID, ss.AccountID))
		}
		st := &siteState{
			id: ss.ID, accountID: ss.AccountID, storesV3: ss.StoresV3,
			obj:         siteObject(ss),
			properties:  cloneObject(ss.Properties),
			contacts:    &table{idField: "id", items: cloneAll(ss.Contacts)},
			members:     &table{idField: "id", items: cloneAll(ss.Members)},
			products:    &table{idField: "id", items: cloneAll(ss.Products)},
			orders:      &table{idField: "id", items: cloneAll(ss.Orders)},
			submissions: &table{idField: "id", items: cloneAll(ss.FormSubmissions)},
		}
		for _, c := range ss.Collections {
			st.collections = append(st.collections, &dataCollection{
				id: c.ID, displayName: c.DisplayName, fields: append([]SeedField(nil), c.Fields...),
				items: &table{idField: "_id", items: cloneAll(c.Items)},
			})
		}
		s.sites = append(s.sites, st)
		s.siteByID[ss.ID] = st
	}
}

// siteObject renders a seeded site as Query Sites returns it.
func siteObject(ss SeedSite) Object {
	viewURL := ""
	if ss.Published {
		viewURL = "https://sandbox.example.com/" + ss.Name
	}
	created := wixTime(ss.CreatedDate)
	return cloneObject(Object{
		"id": ss.ID, "htmlAppId": guid(ss.ID + "/html-app"), "name": ss.Name, "displayName": ss.DisplayName,
		"createdDate": created, "updatedDate": created,
		"published": ss.Published, "premium": ss.Premium, "blocked": false, "domainConnected": false,
		"viewUrl": viewURL, "editUrl": "/editor/" + ss.ID + "?editorSessionId=" + guid(ss.ID+"/session"),
		"thumbnail": "/site-thumbnail/" + ss.ID, "ownerAccountId": ss.AccountID,
		"contributorAccountIds": []any{ss.AccountID}, "editorType": ss.EditorType, "folderId": "",
		"namespace": ss.Namespace, "parentChildRole": "NONE",
	})
}

// Accounts lists every account with its all-sites key, in seed order.
func (s *Sim) Accounts() []AccountInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]AccountInfo, 0, len(s.accounts))
	for _, a := range s.accounts {
		out = append(out, AccountInfo{ID: a.id, Name: a.name, Key: a.key})
	}
	return out
}

// SiteInfo names a site of an account.
type SiteInfo struct {
	ID, AccountID, DisplayName, Namespace string
}

// Sites lists every site, sorted by account then display name.
func (s *Sim) Sites() []SiteInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]SiteInfo, 0, len(s.sites))
	for _, st := range s.sites {
		out = append(out, SiteInfo{ID: st.id, AccountID: st.accountID,
			DisplayName: st.obj["displayName"].(string), Namespace: st.obj["namespace"].(string)})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].AccountID != out[j].AccountID {
			return out[i].AccountID < out[j].AccountID
		}
		return out[i].DisplayName < out[j].DisplayName
	})
	return out
}

// writeEpoch anchors the logical clock used for writes.
var writeEpoch = time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)

// tick advances the logical clock by one second; callers hold s.mu.
func (s *Sim) tick() string {
	s.clockSeq++
	return wixTime(writeEpoch.Add(time.Duration(s.clockSeq) * time.Second))
}

// newID makes the next deterministic ID; callers hold s.mu.
func (s *Sim) newID(kind string) string {
	s.idSeq++
	return guid(fmt.Sprintf("created/%s/%d", kind, s.idSeq))
}
