package claims

import (
	"encoding/json"
	"time"
)

// EventKind names what happened. The whole vocabulary lives here, including
// kinds that the re-checker and the editor produce.
type EventKind string

// Event kinds.
const (
	EventClaimCreated        EventKind = "claim_created"
	EventClaimEdited         EventKind = "claim_edited"
	EventClaimWithdrawn      EventKind = "claim_withdrawn"
	EventStatusChanged       EventKind = "status_changed"
	EventStatusProposed      EventKind = "status_proposed"
	EventEvidenceAdded       EventKind = "evidence_added"
	EventEvidenceWithdrawn   EventKind = "evidence_withdrawn"
	EventSourceLinked        EventKind = "source_linked"
	EventSourceUnlinked      EventKind = "source_unlinked"
	EventSourceChanged       EventKind = "source_changed"
	EventSourceMoved         EventKind = "source_moved"
	EventSourceUnreachable   EventKind = "source_unreachable"
	EventSourceGone          EventKind = "source_gone"
	EventSourceAccessBlocked EventKind = "source_access_blocked"
	EventSourceRefused       EventKind = "source_refused"
	EventSourceRecovered     EventKind = "source_recovered"
	EventPhraseFound         EventKind = "phrase_found"
	EventPhraseGone          EventKind = "phrase_gone"
	EventReadingRecorded     EventKind = "reading_recorded"
	EventQuoteChanged        EventKind = "quote_changed"
	EventQuoteRemoved        EventKind = "quote_removed"
	EventNoteAdded           EventKind = "note_added"
	EventWatchesChanged      EventKind = "watches_changed"
	// EventClaimAssigned records that a claim was given to an editor or
	// taken back (internal: readers do not see who works on what).
	EventClaimAssigned EventKind = "claim_assigned"
	// Story-level events carry no claim.
	EventStoryCreated     EventKind = "story_created"
	EventStoryEdited      EventKind = "story_edited"
	EventStoryPublished   EventKind = "story_published"
	EventStoryUnpublished EventKind = "story_unpublished"
)

// eventKinds maps each kind to its reader-facing wording and whether events
// of that kind are public by default.
var eventKinds = map[EventKind]struct {
	label  string
	public bool
}{
	EventClaimCreated:        {"Claim added", true},
	EventClaimEdited:         {"Claim edited", true},
	EventClaimWithdrawn:      {"Claim withdrawn", true},
	EventStatusChanged:       {"Status changed", true},
	EventStatusProposed:      {"Status change proposed", false},
	EventEvidenceAdded:       {"Evidence added", true},
	EventEvidenceWithdrawn:   {"Evidence withdrawn", true},
	EventSourceLinked:        {"Source linked", true},
	EventSourceUnlinked:      {"Source unlinked", true},
	EventSourceChanged:       {"Source text changed", true},
	EventSourceMoved:         {"Source moved", true},
	EventSourceUnreachable:   {"Source unreachable", false},
	EventSourceGone:          {"Source gone", true},
	EventSourceAccessBlocked: {"Source blocked our check", false},
	EventSourceRefused:       {"Source address refused", false},
	EventSourceRecovered:     {"Source back online", true},
	EventPhraseFound:         {"Watched phrase appeared", true},
	EventPhraseGone:          {"Watched phrase disappeared", true},
	EventReadingRecorded:     {"Reading recorded", true},
	EventQuoteChanged:        {"Quoted passage changed", true},
	EventQuoteRemoved:        {"Quoted passage removed", true},
	EventNoteAdded:           {"Internal note", false},
	EventWatchesChanged:      {"Watches changed", false},
	EventClaimAssigned:       {"Claim assigned", false},
	EventStoryCreated:        {"Story created", false},
	EventStoryEdited:         {"Story edited", true},
	EventStoryPublished:      {"Story published", true},
	EventStoryUnpublished:    {"Story unpublished", true},
}

// EventKinds lists every event kind.
func EventKinds() []EventKind {
	return []EventKind{EventClaimCreated, EventClaimEdited, EventClaimWithdrawn, EventStatusChanged,
		EventStatusProposed, EventEvidenceAdded, EventEvidenceWithdrawn, EventSourceLinked,
		EventSourceUnlinked, EventSourceChanged, EventSourceMoved, EventSourceUnreachable,
		EventSourceGone, EventSourceAccessBlocked, EventSourceRefused, EventSourceRecovered,
		EventPhraseFound, EventPhraseGone, EventReadingRecorded, EventQuoteChanged,
		EventQuoteRemoved, EventNoteAdded, EventWatchesChanged, EventClaimAssigned, EventStoryCreated, EventStoryEdited, EventStoryPublished,
		EventStoryUnpublished}
}

// Valid reports whether k is in the vocabulary.
func (k EventKind) Valid() bool { _, ok := eventKinds[k]; return ok }

// Label is the reader-facing wording of the kind.
func (k EventKind) Label() string {
	if d, ok := eventKinds[k]; ok {
		return d.label
	}
	return string(k)
}

// ReaderNews lists the kinds a reader would call news about a claim: its
// status, its evidence, and what happened to its sources. A card's latest
// line shows only these; linking or unlinking a source is bookkeeping.
var ReaderNews = []EventKind{EventClaimCreated, EventStatusChanged, EventClaimWithdrawn, EventEvidenceAdded,
	EventEvidenceWithdrawn, EventSourceChanged, EventSourceMoved, EventSourceGone, EventSourceRecovered,
	EventPhraseFound, EventPhraseGone, EventReadingRecorded, EventQuoteChanged, EventQuoteRemoved}

// PublicByDefault reports whether readers see events of this kind.
func (k EventKind) PublicByDefault() bool { return eventKinds[k].public }

// Event is one entry of the append-only timeline. Events are never edited or
// deleted: corrections and withdrawals are new events.
type Event struct {
	ID       int64
	At       time.Time
	StoryID  int64
	ClaimID  *int64
	SourceID *int64
	Kind     EventKind
	// Actor is the display name of who acted ("re-check" for the scheduler).
	Actor      string
	ActorID    *int64
	FromStatus string
	ToStatus   string
	Note       string
	Public     bool
	// Payload holds small kind-specific details as JSON text, kept byte for
	// byte so that dumps and restores compare equal.
	Payload json.RawMessage
}

// Actor is who performs a change.
type Actor struct {
	// UserID is 0 for the system (the demo loader, the re-checker).
	UserID int64
	Name   string
	Role   string
}

// System actors.
var (
	ActorDemo    = Actor{Name: "claimtrack demo"}
	ActorRecheck = Actor{Name: "re-check"}
)

func (a Actor) id() *int64 {
	if a.UserID == 0 {
		return nil
	}
	id := a.UserID
	return &id
}
