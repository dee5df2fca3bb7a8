package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// storyRow is a row of stories. Context and Perspectives are JSON text.
type storyRow struct {
	ID           int64 `gorm:"primaryKey"`
	Slug         string
	Title        string
	Summary      string
	Context      string
	Perspectives string
	Facts        string
	Published    bool
	Version      int
	Revision     int64
	CreatedAt    time.Time `gorm:"autoCreateTime:false"`
	UpdatedAt    time.Time `gorm:"autoUpdateTime:false"`
}

func (storyRow) TableName() string { return "stories" }

// qaJSON and perspectivesJSON fix the stored JSON's shape apart from the
// domain types, so renaming a Go field never changes stored data.
type qaJSON struct {
	Question string `json:"question"`
	Answer   string `json:"answer"`
}

type perspectivesJSON struct {
	Agree []string `json:"agree"`
	Split []string `json:"split"`
}

func toStoryRow(s *claims.Story) (storyRow, error) {
	qas := make([]qaJSON, len(s.Context))
	for i, qa := range s.Context {
		qas[i] = qaJSON(qa)
	}
	ctxJSON, err := json.Marshal(qas)
	if err != nil {
		return storyRow{}, err
	}
	p := perspectivesJSON{Agree: s.Perspectives.Agree, Split: s.Perspectives.Split}
	if p.Agree == nil {
		p.Agree = []string{}
	}
	if p.Split == nil {
		p.Split = []string{}
	}
	pJSON, err := json.Marshal(p)
	if err != nil {
		return storyRow{}, err
	}
	fJSON, err := factsJSON(s.Facts)
	if err != nil {
		return storyRow{}, err
	}
	return storyRow{
		ID: s.ID, Slug: s.Slug, Title: s.Title, Summary: s.Summary,
		Context: string(ctxJSON), Perspectives: string(pJSON), Facts: fJSON, Published: s.Published,
		Version: s.Version, Revision: s.Revision,
		CreatedAt: utc(s.CreatedAt), UpdatedAt: utc(s.UpdatedAt),
	}, nil
}

func fromStoryRow(r storyRow) (claims.Story, error) {
	s := claims.Story{
		ID: r.ID, Slug: r.Slug, Title: r.Title, Summary: r.Summary, Published: r.Published,
		Version: r.Version, Revision: r.Revision, CreatedAt: utc(r.CreatedAt), UpdatedAt: utc(r.UpdatedAt),
	}
	var qas []qaJSON
	if err := json.Unmarshal([]byte(r.Context), &qas); err != nil {
		return s, fmt.Errorf("store: story %d: context: %w", r.ID, err)
	}
	for _, qa := range qas {
		s.Context = append(s.Context, claims.QA(qa))
	}
	var p perspectivesJSON
	if err := json.Unmarshal([]byte(r.Perspectives), &p); err != nil {
		return s, fmt.Errorf("store: story %d: perspectives: %w", r.ID, err)
	}
	// Empty lists read back as nil, as a story built in Go has them.
	if len(p.Agree) > 0 {
		s.Perspectives.Agree = p.Agree
	}
	if len(p.Split) > 0 {
		s.Perspectives.Split = p.Split
	}
	facts, err := parseFacts(r.Facts)
	if err != nil {
		return s, fmt.Errorf("store: story %d: facts: %w", r.ID, err)
	}
	s.Facts = facts
	return s, nil
}

// StoryBySlug returns the story with the given slug. ENOTFOUND.
func (db *DB) StoryBySlug(ctx context.Context, slug string) (*claims.Story, error) {
	return db.storyWhere(ctx, "slug = ?", slug, "story %q not found")
}

// StoryByID returns the story with the given id. ENOTFOUND.
func (db *DB) StoryByID(ctx context.Context, id int64) (*claims.Story, error) {
	return db.storyWhere(ctx, "id = ?", id, "story %d not found")
}

// storyWhere returns the story whose column matches key; notFoundMsg
// formats key for ENOTFOUND.
func (db *DB) storyWhere(ctx context.Context, cond string, key any, notFoundMsg string) (*claims.Story, error) {
	var r storyRow
	if err := db.conn(ctx).Where(cond, key).Take(&r).Error; err != nil {
		return nil, notFound(err, notFoundMsg, key)
	}
	s, err := fromStoryRow(r)
	return &s, err
}

// CreateStory stores s and sets its ID, Version 1, Revision 1 and, when
// zero, its timestamps. ECONFLICT when the slug is taken.
func (db *DB) CreateStory(ctx context.Context, s *claims.Story) error {
	s.CreatedAt = db.orNow(s.CreatedAt)
	s.UpdatedAt = db.orNow(s.UpdatedAt)
	s.Version, s.Revision = 1, 1
	r, err := toStoryRow(s)
	if err != nil {
		return err
	}
	return db.insertUnique(ctx, &r, &r.ID, &s.ID, "a story with slug "+s.Slug, fmt.Sprintf("the slug %q is already taken", s.Slug))
}

// UpdateStory writes s's fields if its stored version is still
// expectedVersion, and sets s.Version to the new version. ENOTFOUND;
// ECONFLICT when the version moved on or the new slug is taken.
func (db *DB) UpdateStory(ctx context.Context, s *claims.Story, expectedVersion int) error {
	s.UpdatedAt = db.orNow(s.UpdatedAt)
	r, err := toStoryRow(s)
	if err != nil {
		return err
	}
	res := db.conn(ctx).Model(&storyRow{}).Where("id = ? AND version = ?", s.ID, expectedVersion).Updates(map[string]any{
		"slug": r.Slug, "title": r.Title, "summary": r.Summary, "context": r.Context,
		"perspectives": r.Perspectives, "facts": r.Facts, "published": r.Published, "updated_at": r.UpdatedAt,
		"version": gorm.Expr("version + 1"),
	})
	if err := writeErr(res.Error, "a story with slug "+s.Slug); err != nil {
		return err
	}
	if res.RowsAffected == 0 {
		return db.staleOrMissing(ctx, "stories", "story", s.ID)
	}
	s.Version = expectedVersion + 1
	return nil
}

// staleOrMissing explains why an optimistic update matched no row.
func (db *DB) staleOrMissing(ctx context.Context, table, what string, id int64) error {
	var n int64
	if err := db.conn(ctx).Table(table).Where("id = ?", id).Count(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		return claims.Errorf(claims.ENOTFOUND, "%s %d not found", what, id)
	}
	return claims.Errorf(claims.ECONFLICT, "the %s was changed by someone else since it was loaded", what)
}

// BumpStoryRevision increments the story's revision, telling other
// instances of ch, and returns it. ENOTFOUND.
func (db *DB) BumpStoryRevision(ctx context.Context, ch claims.StoryChange) (int64, error) {
	return db.addStoryRevisions(ctx, ch, 1)
}

// addStoryRevisions adds n to the story's revision, as n writes to it
// would, and returns it. ENOTFOUND.
func (db *DB) addStoryRevisions(ctx context.Context, ch claims.StoryChange, n int) (int64, error) {
	storyID := ch.StoryID
	var revs []int64
	q, args := db.bumpStatement(ch, n)
	if err := db.conn(ctx).Raw(q, args...).Scan(&revs).Error; err != nil {
		return 0, err
	}
	if len(revs) == 0 {
		return 0, claims.Errorf(claims.ENOTFOUND, "story %d not found", storyID)
	}
	return revs[0], nil
}

// StoryRevision returns the story's current revision. ENOTFOUND.
func (db *DB) StoryRevision(ctx context.Context, storyID int64) (int64, error) {
	var revs []int64
	if err := db.conn(ctx).Model(&storyRow{}).Where("id = ?", storyID).Pluck("revision", &revs).Error; err != nil {
		return 0, err
	}
	if len(revs) == 0 {
		return 0, claims.Errorf(claims.ENOTFOUND, "story %d not found", storyID)
	}
	return revs[0], nil
}

// CountStories returns how many stories exist, published or not.
func (db *DB) CountStories(ctx context.Context) (int, error) {
	var n int64
	err := db.conn(ctx).Model(&storyRow{}).Count(&n).Error
	return int(n), err
}

// ListStories returns one page of stories, newest first, each with its
// counts of unresolved and resolved claims (withdrawn ones left out), as
// vocab defines resolved (nil means the default vocabulary).
func (db *DB) ListStories(ctx context.Context, publishedOnly bool, page claims.Page, vocab *claims.Vocabulary) ([]claims.StorySummary, error) {
	if vocab == nil {
		vocab = claims.DefaultVocabulary()
	}
	q := db.conn(ctx).Model(&storyRow{})
	if publishedOnly {
		q = q.Where("published = ?", true)
	}
	if page.Before > 0 {
		q = q.Where("id < ?", page.Before)
	}
	var rows []storyRow
	if err := q.Order("id DESC").Limit(limit(page)).Find(&rows).Error; err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return []claims.StorySummary{}, nil
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	var counts []struct {
		StoryID int64
		Status  string
		N       int
	}
	err := db.conn(ctx).Model(&claimRow{}).Select("story_id, status, COUNT(*) AS n").
		Where("story_id IN ? AND withdrawn = ?", ids, false).Group("story_id, status").Scan(&counts).Error
	if err != nil {
		return nil, err
	}
	out := make([]claims.StorySummary, len(rows))
	at := make(map[int64]int, len(rows))
	for i, r := range rows {
		s, err := fromStoryRow(r)
		if err != nil {
			return nil, err
		}
		out[i].Story = s
		at[r.ID] = i
	}
	// Resolved-ness is counted here, from the vocabulary in force, so that
	// no status id is written into SQL.
	for _, c := range counts {
		sum := &out[at[c.StoryID]]
		if vocab.IsResolved(c.Status) {
			sum.Resolved += c.N
		} else {
			sum.Unresolved += c.N
		}
	}
	return out, nil
}

// limit is the page's limit, or the default for none. It is not clamped to
// MaxPageLimit: callers inside the domain may ask for more.
func limit(p claims.Page) int {
	if p.Limit <= 0 {
		return claims.DefaultPageLimit
	}
	return p.Limit
}
