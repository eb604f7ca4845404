package fake

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ccloud-go/networking/api"
)

// A state file keeps the store across restarts (WithStateFile). It is JSON
// with a format marker and a version, so that the fake never mistakes
// another program's file for its own, and is replaced whole on each change
// (a temporary file in the same directory, synced, then renamed over it),
// so a crash leaves either the old state or the new one, never a mix.

const (
	stateFormat  = "ccloud-go/networking fake state"
	stateVersion = 1
)

type stateFile struct {
	Format    string        `json:"format"`
	Version   int           `json:"version"`
	SavedAt   time.Time     `json:"saved_at"`
	Random    []byte        `json:"random"` // the id generator's state, so ids are never handed out twice
	Resources []stateRecord `json:"resources"`
}

// stateRecord is a record as saved. Phases are not saved: they follow from
// the reads counted, as they do in memory.
type stateRecord struct {
	Kind             string                              `json:"kind"`
	ID               string                              `json:"id"`
	Environment      string                              `json:"environment"`
	Network          string                              `json:"network"`
	DisplayName      string                              `json:"display_name,omitempty"`
	Description      string                              `json:"description,omitempty"`
	Accept           *api.NetworkLinkServiceAcceptPolicy `json:"accept,omitempty"`
	Cloud            json.RawMessage                     `json:"cloud,omitempty"`
	CreatedAt        time.Time                           `json:"created_at"`
	UpdatedAt        time.Time                           `json:"updated_at"`
	Reads            int                                 `json:"reads"`
	Fails            bool                                `json:"fails,omitempty"`
	Deleting         bool                                `json:"deleting,omitempty"`
	ReadsSinceDelete int                                 `json:"reads_since_delete,omitempty"`
}

var stateKinds = [...]string{kindNLS: "NetworkLinkService", kindPLA: "PrivateLinkAccess"}

// WithStateFile keeps the fake's resources in the file at path: they are
// loaded when the fake starts and the whole store is written after every
// change, atomically. A missing file is created. A file that is not one
// the fake wrote (not JSON, another format or version, a resource it
// cannot read) is an error naming the file, and the file is left as it
// is. Phases follow from the reads saved and WithReadyAfter, so restart
// with the same settings to see the same phases.
func WithStateFile(path string) Option {
	return func(c *config) error {
		if path == "" {
			return errors.New("WithStateFile: empty path")
		}
		c.statePath = path
		return nil
	}
}

// openState loads the state file, or creates it when there is none.
func (s *Server) openState() error {
	path := s.cfg.statePath
	raw, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		if err := s.writeState(); err != nil {
			return fmt.Errorf("state file %s: cannot create it: %w", path, err)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("state file %s: %w", path, err)
	}
	if err := s.loadState(raw); err != nil {
		return fmt.Errorf("state file %s is not a state this fake can load, and is left untouched (move it away or name another file): %w", path, err)
	}
	return nil
}

func (s *Server) loadState(raw []byte) error {
	if len(bytes.TrimSpace(raw)) == 0 {
		return errors.New("it is empty")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var st stateFile
	if err := dec.Decode(&st); err != nil {
		return fmt.Errorf("not a fake state document: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("not a fake state document: something follows the JSON object")
	}
	if st.Format != stateFormat {
		return fmt.Errorf("format marker is %q, want %q", st.Format, stateFormat)
	}
	if st.Version != stateVersion {
		return fmt.Errorf("version %d; this fake reads version %d", st.Version, stateVersion)
	}
	if err := s.pcg.UnmarshalBinary(st.Random); err != nil {
		return fmt.Errorf("random: %w", err)
	}
	loaded := newStore()
	for i, sr := range st.Resources {
		rec, err := sr.record()
		if err != nil {
			return fmt.Errorf("resource %d (%q): %w", i, sr.ID, err)
		}
		if loaded.byID[rec.id] != nil {
			return fmt.Errorf("resource %d: id %q appears twice", i, rec.id)
		}
		loaded.add(rec)
	}
	s.store = loaded
	return nil
}

func (sr stateRecord) record() (*record, error) {
	rec := &record{
		id: sr.ID, env: sr.Environment, network: sr.Network, displayName: sr.DisplayName, description: sr.Description,
		accept: sr.Accept, created: sr.CreatedAt, updated: sr.UpdatedAt, reads: sr.Reads, fails: sr.Fails,
		deleting: sr.Deleting, readsSinceDelete: sr.ReadsSinceDelete,
	}
	switch sr.Kind {
	case stateKinds[kindNLS]:
		rec.kind = kindNLS
		if sr.Cloud != nil {
			return nil, errors.New("a network link service has no cloud")
		}
	case stateKinds[kindPLA]:
		rec.kind = kindPLA
		var compact bytes.Buffer // as a request would have carried it
		if err := json.Compact(&compact, sr.Cloud); err != nil {
			return nil, fmt.Errorf("cloud: %w", err)
		}
		if err := rec.cloud.UnmarshalJSON(compact.Bytes()); err != nil {
			return nil, fmt.Errorf("cloud: %w", err)
		}
		var err error
		if rec.cloudKind, rec.account, err = cloudAccount(rec.cloud); err != nil {
			return nil, fmt.Errorf("cloud: %w", err)
		}
	default:
		return nil, fmt.Errorf("kind %q is neither %s nor %s", sr.Kind, stateKinds[kindNLS], stateKinds[kindPLA])
	}
	switch {
	case !strings.HasPrefix(rec.id, idPrefixes[rec.kind]):
		return nil, fmt.Errorf("id does not start with %s", idPrefixes[rec.kind])
	case rec.env == "" || rec.network == "":
		return nil, errors.New("environment and network must not be empty")
	case rec.reads < 0 || rec.readsSinceDelete < 0:
		return nil, errors.New("negative read count")
	}
	return rec, nil
}

// saveLocked writes the store after a change; s.mu is held. A write that
// fails is logged and counted; the fake keeps serving from memory.
func (s *Server) saveLocked() {
	if s.cfg.statePath == "" {
		return
	}
	if err := s.writeState(); err != nil {
		s.stats.StateErrors++
		slog.Error("fake: state not saved", "file", s.cfg.statePath, "err", err)
	}
}

// writeState replaces the state file with the store's contents.
func (s *Server) writeState() error {
	random, err := s.pcg.MarshalBinary()
	if err != nil {
		return err
	}
	st := stateFile{Format: stateFormat, Version: stateVersion, SavedAt: time.Now().UTC(), Random: random,
		Resources: []stateRecord{}}
	for _, k := range []kind{kindNLS, kindPLA} {
		for _, r := range s.store.order[k] {
			sr := stateRecord{Kind: stateKinds[k], ID: r.id, Environment: r.env, Network: r.network,
				DisplayName: r.displayName, Description: r.description, Accept: r.accept,
				CreatedAt: r.created, UpdatedAt: r.updated, Reads: r.reads, Fails: r.fails,
				Deleting: r.deleting, ReadsSinceDelete: r.readsSinceDelete}
			if k == kindPLA {
				if sr.Cloud, err = r.cloud.MarshalJSON(); err != nil {
					return fmt.Errorf("%s: %w", r.id, err)
				}
			}
			st.Resources = append(st.Resources, sr)
		}
	}
	raw, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	return replaceFile(s.cfg.statePath, append(raw, '\n'))
}

// replaceFile writes data to a temporary file beside path, syncs it and
// renames it over path, then syncs the directory so the rename lasts.
func replaceFile(path string, data []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() { _ = os.Remove(tmp.Name()) }() // a no-op once renamed
	if _, err := tmp.Write(data); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer func() { _ = d.Close() }()
	return d.Sync()
}
