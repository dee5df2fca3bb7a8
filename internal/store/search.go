package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"unicode"

	"github.com/claimtrack/claimtrack/internal/match"
	"github.com/claimtrack/claimtrack/internal/search"
)

// The full-text predicates of each searchable text, per dialect. In
// PostgreSQL they name the stored tsvector of claims (migration 00016) or
// repeat the indexed expressions of migration 00013 exactly, which is what
// lets the planner use the GIN indexes; in SQLite they ask the FTS4 tables
// migration 00013 keeps.
var (
	pgClaimDoc    = "c.search_doc"
	pgStoryDoc    = "to_tsvector('english'::regconfig, s.title || ' ' || s.summary)"
	pgFactsDoc    = `jsonb_to_tsvector('english'::regconfig, s.context::jsonb, '["string"]'::jsonb)`
	pgEvidenceDoc = "to_tsvector('english'::regconfig, e.summary || ' ' || e.quote)"
	pgNoteDoc     = "to_tsvector('english'::regconfig, n.note)"
)

// searchHitRow is a hit as the search statement selects it; Context is a
// story's questions and answers, for PostgreSQL's fact hits (see factHits).
type searchHitRow struct {
	search.Hit
	Context string
}

// ftsWord keeps the letters and digits of a word: what reaches a MATCH or
// to_tsquery is never syntax.
func ftsWord(w string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, w)
}

func cleanWords(words []string) []string {
	var out []string
	for _, w := range words {
		if w = ftsWord(w); w != "" {
			out = append(out, w)
		}
	}
	return out
}

// allWords is a full-text query for all of words: FTS4's implicit AND of
// quoted terms, or a tsquery joined with &.
func (db *DB) allWords(words []string) string {
	if db.dialect == DialectPostgres {
		return strings.Join(words, " & ")
	}
	return `"` + strings.Join(words, `" "`) + `"`
}

// SearchIndex returns the candidates of a search of every kind, newest
// first within each kind, up to q.PerKind of each.
func (db *DB) SearchIndex(ctx context.Context, q search.IndexQuery) ([]search.Hit, error) {
	words := cleanWords(q.Words)
	if len(words) == 0 {
		return nil, nil
	}
	query := db.allWords(words)
	pg := db.dialect == DialectPostgres
	if pg {
		// Only stop words (in PostgreSQL's list) make an empty tsquery,
		// which a GIN index answers by reading every row: nothing to find.
		var nodes int
		if err := db.conn(ctx).Raw("SELECT numnode(to_tsquery('english', ?))", query).Scan(&nodes).Error; err != nil {
			return nil, err
		}
		if nodes == 0 {
			return nil, nil
		}
	}
	// A bare NULL in a subquery is text to PostgreSQL, which a UNION
	// cannot match with the claims' times.
	nullTime := "NULL"
	if pg {
		nullTime = "NULL::timestamptz"
	}
	visible := func(public string) string {
		if q.Drafts {
			return ""
		}
		return " AND " + public
	}
	var filters string
	var fargs []any
	if q.StorySlug != "" {
		filters += " AND s.slug = ?"
		fargs = append(fargs, q.StorySlug)
	}
	type part struct {
		sql  string
		args []any
	}
	var parts []part
	add := func(sql string, claimLevel bool, args ...any) {
		f, a := filters, append([]any(nil), fargs...)
		if q.Status != "" {
			if !claimLevel {
				return
			}
			f += " AND c.status = ?"
			a = append(a, q.Status)
		}
		parts = append(parts, part{sql: fmt.Sprintf(sql, f), args: append(args, append(a, q.PerKind)...)})
	}
	// hits is a FROM item of the ids a big table's index finds: read first
	// (SQLite's CROSS JOIN keeps the order, PostgreSQL's OFFSET 0 plans it
	// on its own, through the GIN index), so a rare word never costs a walk
	// over every row.
	hits := func(pgDoc, table, alias, ftsTable string) string {
		if pg {
			return "(SELECT " + alias + "0.id FROM " + table + " " + alias + "0 WHERE " +
				strings.ReplaceAll(pgDoc, alias+".", alias+"0.") + " @@ to_tsquery('english', ?) OFFSET 0) m"
		}
		return "(SELECT docid AS id FROM " + ftsTable + " WHERE " + ftsTable + " MATCH ?) m"
	}
	match := func(pgDoc, ftsTable, idCol string) string {
		if pg {
			return pgDoc + " @@ to_tsquery('english', ?)"
		}
		return idCol + " IN (SELECT docid FROM " + ftsTable + " WHERE " + ftsTable + " MATCH ?)"
	}
	add(`SELECT 'claim' AS kind, c.id, c.story_id, s.slug AS story_slug, c.id AS claim_id, c.text, c.what_would_settle AS extra,
		c.status, c.resolved_at, '' AS context
		FROM `+hits(pgClaimDoc, "claims", "c", "claims_fts")+` CROSS JOIN claims c JOIN stories s ON s.id = c.story_id
		WHERE c.id = m.id`+visible("s.published AND NOT c.withdrawn")+`%s ORDER BY c.id DESC LIMIT ?`, true, query)
	add(`SELECT 'story' AS kind, s.id, s.id AS story_id, s.slug AS story_slug, 0 AS claim_id, s.title AS text, s.summary AS extra,
		'' AS status, `+nullTime+` AS resolved_at, '' AS context
		FROM stories s WHERE `+match(pgStoryDoc, "stories_fts", "s.id")+visible("s.published")+`%s ORDER BY s.id DESC LIMIT ?`, false, query)
	add(`SELECT 'evidence' AS kind, e.id, c.story_id, s.slug AS story_slug, c.id AS claim_id, e.summary AS text, e.quote AS extra,
		c.status, c.resolved_at, '' AS context
		FROM `+hits(pgEvidenceDoc, "evidence", "e", "evidence_fts")+` CROSS JOIN evidence e JOIN claims c ON c.id = e.claim_id JOIN stories s ON s.id = c.story_id
		WHERE e.id = m.id`+visible("s.published AND NOT c.withdrawn AND NOT e.withdrawn")+`%s ORDER BY e.id DESC LIMIT ?`, true, query)
	if q.Drafts {
		add(`SELECT 'note' AS kind, n.id, n.story_id, s.slug AS story_slug, COALESCE(n.claim_id, 0) AS claim_id, n.note AS text, '' AS extra,
			COALESCE(c.status, '') AS status, c.resolved_at, '' AS context
			FROM events n JOIN stories s ON s.id = n.story_id LEFT JOIN claims c ON c.id = n.claim_id
			WHERE n.kind = 'note_added' AND `+match(pgNoteDoc, "notes_fts", "n.id")+`%s ORDER BY n.id DESC LIMIT ?`, true, query)
	}
	if pg {
		add(`SELECT 'fact' AS kind, s.id, s.id AS story_id, s.slug AS story_slug, 0 AS claim_id, '' AS text, '' AS extra,
			'' AS status, `+nullTime+` AS resolved_at, s.context
			FROM stories s WHERE `+pgFactsDoc+` @@ to_tsquery('english', ?)`+visible("s.published")+`%s ORDER BY s.id DESC LIMIT ?`, false, query)
	} else {
		add(`SELECT 'fact' AS kind, f.docid AS id, s.id AS story_id, s.slug AS story_slug, 0 AS claim_id, f.question AS text, f.answer AS extra,
			'' AS status, `+nullTime+` AS resolved_at, '' AS context
			FROM facts_fts f JOIN stories s ON s.id = f.docid / 1000
			WHERE facts_fts MATCH ?`+visible("s.published")+`%s ORDER BY f.docid DESC LIMIT ?`, false, query)
	}
	// One statement for every kind: one round trip and one plan, not one
	// per kind. Each kind keeps its own order and limit in a subquery
	// (SQLite allows neither on a member of a compound SELECT).
	var sqls []string
	var args []any
	for i, p := range parts {
		sqls = append(sqls, fmt.Sprintf("SELECT * FROM (%s) AS k%d", p.sql, i))
		args = append(args, p.args...)
	}
	var rows []searchHitRow
	if err := db.conn(ctx).Raw(strings.Join(sqls, "\nUNION ALL\n"), args...).Scan(&rows).Error; err != nil {
		return nil, err
	}
	var out []search.Hit
	for _, r := range rows {
		if r.Kind == search.KindFact && pg {
			out = append(out, factHits(r, words)...)
			continue
		}
		r.ResolvedAt = utcPtr(r.ResolvedAt)
		out = append(out, r.Hit)
	}
	return out, nil
}

// factHits turns a story PostgreSQL found by its facts into one hit per
// question-and-answer pair holding all the words, numbered as SQLite's
// index numbers them (story id × 1000 + position).
func factHits(r searchHitRow, words []string) []search.Hit {
	var qas []qaJSON
	if json.Unmarshal([]byte(r.Context), &qas) != nil {
		return nil
	}
	want := match.ContentStems(strings.Join(words, " "))
	var out []search.Hit
	for i, qa := range qas {
		if i >= 1000 {
			break
		}
		have := map[string]bool{}
		for _, s := range match.ContentStems(qa.Question + " " + qa.Answer) {
			have[s] = true
		}
		all := true
		for _, w := range want {
			all = all && have[w]
		}
		if all {
			out = append(out, search.Hit{Kind: search.KindFact, ID: r.StoryID*1000 + int64(i), StoryID: r.StoryID,
				StorySlug: r.StorySlug, Text: qa.Question, Extra: qa.Answer})
		}
	}
	return out
}
