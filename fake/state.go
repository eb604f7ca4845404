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

	"github.com/getkin/kin-openapi/openapi3"
)

// A state file keeps the store across restarts (WithStateFile). It is JSON
// with a format marker and a version, so that the fake never mistakes
// another program's file for its own, and is replaced whole on each change
// (a temporary file in the same directory, synced, then renamed over it),
// so a crash leaves either the old state or the new one, never a mix.

const (
	stateFormat = "ccloud-go/networking fake state"
	// stateVersion 2 keeps each resource's spec as sent, for every kind;
	// version 1 (network link services and private link accesses, with
	// their fields one by one) is not read.
	stateVersion = 2
)

type stateFile struct {
	Format    string        `json:"format"`
	Version   int           `json:"version"`
	SavedAt   time.Time     `json:"saved_at"`
	Random    []byte        `json:"random"` // the id generator's state, so ids are never handed out twice
	Resources []stateRecord `json:"resources"`
}

// stateRecord is a record as saved. Phases are not saved: they follow from
// the reads counted (or the times kept), as they do in memory.
type stateRecord struct {
	Kind             string          `json:"kind"`
	ID               string          `json:"id"`
	Environment      string          `json:"environment"`
	Spec             json.RawMessage `json:"spec"`
	Endpoint         string          `json:"endpoint,omitempty"` // associations: the endpoint shown
	CreatedAt        time.Time       `json:"created_at"`
	UpdatedAt        time.Time       `json:"updated_at"`
	Reads            int             `json:"reads"`
	Fails            bool            `json:"fails,omitempty"`
	Deleting         bool            `json:"deleting,omitempty"`
	ReadsSinceDelete int             `json:"reads_since_delete,omitempty"`
	// Born and DeletedAt are to the nanosecond, for WithPhaseTimes; a
	// file without them counts from created_at and updated_at.
	Born      time.Time `json:"born,omitzero"`
	DeletedAt time.Time `json:"deleted_at,omitzero"`
	// Seq is its place in creation order, which page tokens name; a file
	// without it numbers its resources in the order it lists them.
	Seq uint64 `json:"seq,omitempty"`
}

// specSchemas finds, for each kind a client creates, the schema of the
// spec its create body carries.
func specSchemas(doc *openapi3.T) [numKinds]*openapi3.Schema {
	var out [numKinds]*openapi3.Schema
	for k := range kinds {
		item := doc.Paths.Value(kinds[k].collection)
		if item == nil || item.Post == nil {
			continue
		}
		if body := jsonSchema(item.Post.RequestBody); body != nil && body.Value.Properties["spec"] != nil {
			out[k] = body.Value.Properties["spec"].Value
		}
	}
	return out
}

// WithStateFile keeps the fake's resources in the file at path: they are
// loaded when the fake starts and the whole store is written after every
// change, atomically. A missing file is created. A file that is not one
// the fake wrote (not JSON, another format or version, a resource it
// cannot read) is an error naming the file, and the file is left as it
// is. The file is locked (flock, through path + ".lock") while the fake
// runs, until Close: a second fake on it, in this process or another,
// fails to start with an error naming it. A lock file removed while the
// fake runs is taken again before its next write; when another fake took
// it meanwhile, this one writes no more (each change not saved is logged
// and counted in Stats().StateErrors). A symlink is followed: the file
// it names is the one read and replaced. A file with more than one name (a
// hard link) is refused: it cannot be replaced without parting its names,
// nor written in place without a kill cutting it short. Phases follow from the reads
// saved and WithReadyAfter (or the times saved and WithPhaseTimes), so
// restart with the same settings to see the same phases.
func WithStateFile(path string) Option {
	return func(c *config) error {
		if path == "" {
			return errors.New("WithStateFile: empty path")
		}
		c.statePath = path
		return nil
	}
}

// errStateInUse: another fake holds the state file's lock.
var errStateInUse = errors.New("another fake is using it")

// openState locks the state file, then loads it, or creates it when there
// is none. A symlink is followed: the file it names is the one read,
// locked and replaced.
func (s *Server) openState() error {
	path, err := followLinks(s.cfg.statePath)
	if err != nil {
		return fmt.Errorf("state file %s: %w", s.cfg.statePath, err)
	}
	s.cfg.statePath = path
	release, check, err := lockState(path)
	if errors.Is(err, errStateInUse) {
		return fmt.Errorf("state file %s: %w; stop the other fake or give this one another file", path, err)
	}
	if err != nil {
		return fmt.Errorf("state file %s: %w", path, err)
	}
	if err := oneName(path); err != nil {
		release(true)
		return fmt.Errorf("state file %s: %w", path, err)
	}
	if err := s.loadOrCreate(path); err != nil {
		release(true)
		return err
	}
	s.unlock, s.lockHeld = release, check
	return nil
}

// followLinks resolves the symlinks of path, also when its last one names
// a file that does not exist yet.
func followLinks(path string) (string, error) {
	for range 40 {
		resolved, err := filepath.EvalSymlinks(path)
		if err == nil {
			return resolved, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		fi, lerr := os.Lstat(path)
		if lerr != nil { // the file does not exist: resolve its directory
			dir, err := filepath.EvalSymlinks(filepath.Dir(path))
			if err != nil {
				return "", err
			}
			return filepath.Join(dir, filepath.Base(path)), nil
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			return "", err
		}
		target, err := os.Readlink(path) // a link to a file not made yet
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(path), target)
		}
		path = target
	}
	return "", errors.New("too many levels of symbolic links")
}

// Close releases the state file's lock (WithStateFile), so that another
// fake may use the file. A Running fake's Close calls it.
func (s *Server) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.unlock != nil {
		s.unlock(false)
		s.unlock, s.lockHeld = nil, nil
	}
	return nil
}

func (s *Server) loadOrCreate(path string) error {
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
		rec, err := s.recordOf(sr)
		if err != nil {
			return fmt.Errorf("resource %d (%q): %w", i, sr.ID, err)
		}
		if loaded.byID[rec.id] != nil {
			return fmt.Errorf("resource %d: id %q appears twice", i, rec.id)
		}
		if prev := loaded.order[rec.kind]; rec.seq != 0 && len(prev) > 0 && prev[len(prev)-1].seq >= rec.seq {
			return fmt.Errorf("resource %d (%q): seq %d does not follow the previous %s's", i, rec.id, rec.seq, sr.Kind)
		}
		loaded.add(rec)
	}
	for i, sr := range st.Resources {
		if sr.Endpoint == "" {
			continue
		}
		nle := loaded.byID[sr.Endpoint]
		if nle == nil || nle.kind != kindNLE {
			return fmt.Errorf("resource %d (%q): endpoint %q is not a network link endpoint of the file", i, sr.ID, sr.Endpoint)
		}
		loaded.byID[sr.ID].endpoint = nle
	}
	s.store = loaded
	return nil
}

// recordOf checks a saved resource and makes its record: a kind the fake
// serves, an id with that kind's prefix, an environment, and a spec the
// create body's schema accepts.
func (s *Server) recordOf(sr stateRecord) (*record, error) {
	k, ok := kindByName(sr.Kind)
	if !ok || kinds[k].seeded {
		return nil, fmt.Errorf("kind %q is not one the fake keeps in a state file", sr.Kind)
	}
	rec := &record{kind: k, id: sr.ID, env: sr.Environment, created: sr.CreatedAt, updated: sr.UpdatedAt,
		reads: sr.Reads, fails: sr.Fails, deleting: sr.Deleting, readsSinceDelete: sr.ReadsSinceDelete,
		born: sr.Born, deletedAt: sr.DeletedAt, seq: sr.Seq}
	if rec.born.IsZero() {
		rec.born = rec.created
	}
	if rec.deleting && rec.deletedAt.IsZero() {
		rec.deletedAt = rec.updated
	}
	if err := json.Unmarshal(sr.Spec, &rec.spec); err != nil || rec.spec == nil {
		return nil, fmt.Errorf("spec is not a JSON object (%v)", err)
	}
	keepMadeUpConnectionID(rec)
	switch {
	case !strings.HasPrefix(rec.id, kinds[k].prefix):
		return nil, fmt.Errorf("id does not start with %s", kinds[k].prefix)
	case rec.env == "":
		return nil, errors.New("environment must not be empty")
	case kinds[k].scope != "" && rec.ref(kinds[k].scope) == "":
		return nil, fmt.Errorf("spec.%s.id must not be empty", kinds[k].scope)
	case rec.reads < 0 || rec.readsSinceDelete < 0:
		return nil, errors.New("negative read count")
	case kinds[k].derived != (sr.Endpoint != ""):
		return nil, errors.New("only an association names an endpoint, and every association does")
	}
	if schema := s.specs[k]; schema != nil {
		if err := schema.VisitJSON(rec.spec, openapi3.VisitAsRequest(), openapi3.MultiErrors()); err != nil {
			return nil, fmt.Errorf("spec: %s", schemaProblems(err))
		}
	}
	return rec, nil
}

// schemaProblems says where and why a value breaks a schema, one clause a
// problem, without the schema itself.
func schemaProblems(err error) string {
	var parts []string
	var walk func(err error)
	walk = func(err error) {
		var me openapi3.MultiError
		var se *openapi3.SchemaError
		switch {
		case errors.As(err, &me):
			for _, e := range me {
				walk(e)
			}
		case errors.As(err, &se):
			parts = append(parts, "/"+strings.Join(se.JSONPointer(), "/")+": "+se.Reason)
		default:
			parts = append(parts, oneLine(err.Error()))
		}
	}
	walk(err)
	return strings.Join(parts, "; ")
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
	for k := range kinds {
		if kinds[k].seeded {
			continue // made again at start
		}
		for _, r := range s.store.order[k] {
			spec, err := json.Marshal(r.spec)
			if err != nil {
				return fmt.Errorf("%s: %w", r.id, err)
			}
			sr := stateRecord{Kind: kinds[k].name, ID: r.id, Environment: r.env, Spec: spec,
				CreatedAt: r.created, UpdatedAt: r.updated, Reads: r.reads, Fails: r.fails,
				Deleting: r.deleting, ReadsSinceDelete: r.readsSinceDelete, Born: r.born, DeletedAt: r.deletedAt, Seq: r.seq}
			if r.endpoint != nil {
				sr.Endpoint = r.endpoint.id
			}
			st.Resources = append(st.Resources, sr)
		}
	}
	raw, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	if err := oneName(s.cfg.statePath); err != nil {
		return err
	}
	if s.lockHeld != nil {
		if err := s.lockHeld(); err != nil {
			return err
		}
	}
	return replaceFile(s.cfg.statePath, append(raw, '\n'))
}

// oneName fails when the file at path has more than one name (hard
// links): replacing it would part the names (the other keeping the old
// state), and writing it in place is not safe against a kill (the file is
// cut short while it is written: every resource lost).
func oneName(path string) error {
	if n := names(path); n > 1 {
		return fmt.Errorf("it has %d names (hard links), and the fake replaces the file on every change, which would part them; "+
			"give the fake a file with one name (a symlink to it is followed)", n)
	}
	return nil
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

// keepMadeUpConnectionID gives a GCP attachment connection saved without a
// connection id the one the fake showed it with. Until the fragment
// declared the id writable (gen/normalize.yaml), the fake dropped a sent
// id as read-only and answered one made up from the resource's id; a file
// of those days loads, and reads as it did.
func keepMadeUpConnectionID(rec *record) {
	const name = "private_service_connect_connection_id"
	cloud, _ := rec.spec["cloud"].(map[string]any)
	if rec.kind == kindPLATTC && cloud != nil && cloud["kind"] == "GcpPrivateLinkAttachmentConnection" && cloud[name] == nil {
		cloud[name] = madeUpString(name, rec.id)
	}
}
