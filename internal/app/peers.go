package app

import (
	"context"
	"sync"

	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/web"
)

// peers keeps this instance's page cache in step with writes made through
// other instances on the same PostgreSQL database. SQLite has one process
// per file, so there it does nothing.
type peers struct {
	cancel context.CancelFunc
	done   sync.WaitGroup
}

// listenToPeers starts following other instances' story writes for site.
func (m *Main) listenToPeers(site *web.Server) {
	if m.db.Dialect() != store.DialectPostgres {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	m.peers = &peers{cancel: cancel}
	changed, up := site.PeerWrites()
	m.peers.done.Add(1)
	go func() {
		defer m.peers.done.Done()
		m.db.ListenStoryChanges(ctx, changed, up)
	}()
}

// stopPeers ends the listener and waits for it (before the database closes).
func (m *Main) stopPeers() {
	if m.peers == nil {
		return
	}
	m.peers.cancel()
	m.peers.done.Wait()
	m.peers = nil
}
