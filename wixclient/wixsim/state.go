package wixsim

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"time"
)

// A state file keeps the sim's business data (every site's entities and the
// ID and clock counters) across processes, for clients that start a new
// server per call. It is read at start and again whenever another process
// has replaced it, and written after every successful write, through a
// temporary file renamed into place so a reader never sees half a file.
// Processes that take turns therefore see each other's writes; two that
// write at the same instant keep the last writer's state.

// WithStateFile keeps the sim's state in path: loaded by New when the
// file exists, saved after each write.
func WithStateFile(path string) Option { return func(c *config) { c.stateFile = path } }

// stateDoc is the file's content.
type stateDoc struct {
	Version  int                `json:"version"`
	ClockSeq int64              `json:"clockSeq"`
	IDSeq    int64              `json:"idSeq"`
	Sites    map[string]siteDoc `json:"sites"`
	// Accounts holds account-level generic entities by account and entity.
	Accounts map[string]map[string][]Object `json:"accounts,omitempty"`
}

type collectionDoc struct {
	ID          string      `json:"id"`
	DisplayName string      `json:"displayName"`
	Fields      []SeedField `json:"fields"`
}

type siteDoc struct {
	Properties   Object              `json:"properties"`
	PropsVersion int                 `json:"propsVersion"`
	Contacts     []Object            `json:"contacts"`
	Members      []Object            `json:"members"`
	Products     []Object            `json:"products"`
	Orders       []Object            `json:"orders"`
	Collections  map[string][]Object `json:"collections"`
	// CollectionDefs are the collections in order, with their schemas.
	CollectionDefs []collectionDoc     `json:"collectionDefs,omitempty"`
	Tables         map[string][]Object `json:"tables,omitempty"`
	Singletons     map[string]Object   `json:"singletons,omitempty"`
}

const stateVersion = 1

// stateFile tracks the file and the version of it last read or written.
type stateFile struct {
	path    string
	modTime time.Time
	size    int64
}

func (s *Sim) snapshot() stateDoc {
	doc := stateDoc{Version: stateVersion, ClockSeq: s.clockSeq, IDSeq: s.idSeq, Sites: map[string]siteDoc{}}
	for _, st := range s.sites {
		sd := siteDoc{
			Properties: st.properties, PropsVersion: st.propsVersion,
			Contacts: st.contacts.items, Members: st.members.items, Products: st.products.items, Orders: st.orders.items,
			Collections: map[string][]Object{}, Singletons: st.singletons,
		}
		for _, dc := range st.collections {
			sd.Collections[dc.id] = dc.items.items
			sd.CollectionDefs = append(sd.CollectionDefs, collectionDoc{ID: dc.id, DisplayName: dc.displayName, Fields: dc.fields})
		}
		if len(st.tables) > 0 {
			sd.Tables = map[string][]Object{}
			for k, t := range st.tables {
				sd.Tables[k] = t.items
			}
		}
		doc.Sites[st.id] = sd
	}
	for id, st := range s.accountStores {
		if doc.Accounts == nil {
			doc.Accounts = map[string]map[string][]Object{}
		}
		doc.Accounts[id] = map[string][]Object{}
		for k, t := range st.tables {
			doc.Accounts[id][k] = t.items
		}
	}
	return doc
}

// restore replaces the business state with a file's; sites the file does
// not name keep their seed.
func (s *Sim) restore(doc stateDoc) {
	s.clockSeq, s.idSeq = doc.ClockSeq, doc.IDSeq
	for id, sd := range doc.Sites {
		st := s.siteByID[id]
		if st == nil {
			continue
		}
		st.properties, st.propsVersion = sd.Properties, sd.PropsVersion
		st.contacts.items, st.members.items = orNone(sd.Contacts), orNone(sd.Members)
		st.products.items, st.orders.items = orNone(sd.Products), orNone(sd.Orders)
		if sd.CollectionDefs != nil {
			st.collections = nil
			for _, def := range sd.CollectionDefs {
				st.collections = append(st.collections, &dataCollection{id: def.ID, displayName: def.DisplayName,
					fields: def.Fields, items: &table{idField: "_id"}})
			}
		}
		for _, dc := range st.collections {
			if items, ok := sd.Collections[dc.id]; ok {
				dc.items.items = orNone(items)
			}
		}
		st.tables = nil
		for k, items := range sd.Tables {
			if st.tables == nil {
				st.tables = map[string]*table{}
			}
			st.tables[k] = &table{idField: idFieldOf(k), items: orNone(items)}
		}
		st.singletons = sd.Singletons
	}
	s.accountStores = nil
	for id, tables := range doc.Accounts {
		st := s.accountStore(id)
		st.tables = map[string]*table{}
		for k, items := range tables {
			st.tables[k] = &table{idField: idFieldOf(k), items: orNone(items)}
		}
	}
}

// idFieldOf is the ID field of a generic entity.
func idFieldOf(key string) string {
	if ent, ok := defaultEngine().entities[key]; ok {
		return ent.idField
	}
	return "id"
}

func orNone(items []Object) []Object {
	if items == nil {
		return []Object{}
	}
	return items
}

// syncIn reloads the state when another process replaced the file since it
// was last read or written. Callers hold s.mu.
func (s *Sim) syncIn() error {
	f := s.state
	if f == nil {
		return nil
	}
	info, err := os.Stat(f.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("state file: %w", err)
	}
	if info.ModTime().Equal(f.modTime) && info.Size() == f.size {
		return nil
	}
	raw, err := os.ReadFile(f.path)
	if err != nil {
		return fmt.Errorf("state file: %w", err)
	}
	var doc stateDoc
	if err := json.Unmarshal(raw, &doc); err != nil {
		return fmt.Errorf("state file %s: %w", f.path, err)
	}
	if doc.Version != stateVersion {
		return fmt.Errorf("state file %s: version %d, want %d", f.path, doc.Version, stateVersion)
	}
	s.restore(doc)
	f.modTime, f.size = info.ModTime(), info.Size()
	return nil
}

// syncOut writes the state through a temporary file renamed into place.
// Callers hold s.mu.
func (s *Sim) syncOut() error {
	f := s.state
	if f == nil {
		return nil
	}
	raw, err := json.Marshal(s.snapshot())
	if err != nil {
		return fmt.Errorf("state file: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(f.path), ".wixsim-state-*")
	if err != nil {
		return fmt.Errorf("state file: %w", err)
	}
	_, werr := tmp.Write(raw)
	cerr := tmp.Close()
	if werr != nil || cerr != nil {
		_ = os.Remove(tmp.Name())
		return fmt.Errorf("state file: %w", errors.Join(werr, cerr))
	}
	if err := os.Rename(tmp.Name(), f.path); err != nil {
		_ = os.Remove(tmp.Name())
		return fmt.Errorf("state file: %w", err)
	}
	info, err := os.Stat(f.path)
	if err != nil {
		return fmt.Errorf("state file: %w", err)
	}
	f.modTime, f.size = info.ModTime(), info.Size()
	return nil
}

// stateIn and stateOut are syncIn and syncOut as Wix-shaped 500s.
func (s *Sim) stateIn() *apiError {
	if err := s.syncIn(); err != nil {
		return appErr(http.StatusInternalServerError, "SANDBOX_STATE", err.Error())
	}
	return nil
}

func (s *Sim) stateOut() *apiError {
	if err := s.syncOut(); err != nil {
		return appErr(http.StatusInternalServerError, "SANDBOX_STATE", err.Error())
	}
	return nil
}
