package desk

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/claimtrack/claimtrack/internal/web/site"
	"github.com/labstack/echo/v4"
)

// StoryEdit serves GET /editor/stories/{slug}: the story's fields,
// its claims, and the "Add claim" form. Drafts are editable too.
func (s *Handler) StoryEdit(c echo.Context) error {
	return s.renderStoryEditor(c, http.StatusOK, nil)
}

// renderStoryEditor renders the story editor from the story as stored;
// keep, when set, puts back the editor's input of a failed save.
func (s *Handler) renderStoryEditor(c echo.Context, status int, keep func(p *storyEditorPage)) error {
	st, err := s.storyInPath(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	d, err := s.Stories.StoryDetail(ctx, st.ID)
	if err != nil {
		return err
	}
	p := storyEditorPage{
		Meta:        s.Meta("Edit: "+view.Truncate(st.Title, 80), "", ""),
		Bar:         editorBarOf(c),
		Flash:       flashOf(c),
		SaveURL:     view.EditStoryURL(st.Slug),
		AddClaimURL: view.EditStoryURL(st.Slug) + "/claims",
		Form:        newStoryForm(st),
		ClaimForm:   claimCreateForm{Status: s.Site.Vocab.Default()},
		Paste:       &pastePanel{},
	}
	if st.Published {
		p.PublicURL = site.StoryURL(st.Slug)
	}
	eds, err := s.Claims.Editors(ctx)
	if err != nil {
		return err
	}
	p.FocusClaim = c.QueryParam("done") == "claim-created" || c.QueryParam("done") == "claims-created"
	p.StoryTitle, p.Published, p.PreviewURL, p.OrderURL = st.Title, st.Published, site.StoryURL(st.Slug), view.EditStoryURL(st.Slug)+"/order"
	p.Bar.PublicURL, p.Bar.PublicLabel = p.PreviewURL, publicLabel(st.Published)
	ids := make([]int64, len(d.Claims))
	for i, cl := range d.Claims {
		ids[i] = cl.ID
	}
	for i, cl := range d.Claims {
		p.Claims = append(p.Claims, editorClaimRow{Text: cl.Text, EditURL: view.EditClaimURL(cl.ID),
			Badge: view.NewBadge(s.Site.Vocab, cl.Status), Withdrawn: cl.Withdrawn, Assignee: assigneeName(eds, cl.AssigneeID),
			UpOrder: orderWith(ids, i, i-1), DownOrder: orderWith(ids, i, i+1)})
	}
	if keep != nil {
		keep(&p)
	}
	s.finishPaste(&p, st.Slug, d.Claims)
	p.Form.numberQA()
	// A fact may cite any source of the story, listed on its page or not.
	srcs, err := s.Stories.StorySources(ctx, st.ID)
	if err != nil {
		return err
	}
	p.Form.Facts = numberFacts(p.Form.Facts, srcs)
	if p.Conflict != nil {
		p.Conflict.numberQA()
	}
	p.ClaimForm.StatusOptions = s.statusOptions(p.ClaimForm.Status)
	return s.RenderEditor(c, status, "editor_story", p)
}

// storyFormFrom reads the story editor's form as the editor sent it.
func storyFormFrom(c echo.Context) (storyForm, error) {
	v, err := httpx.FormVersion(c)
	if err != nil {
		return storyForm{}, err
	}
	f := storyForm{Title: c.FormValue("title"), Summary: c.FormValue("summary"), Agree: c.FormValue("agree"),
		Split: c.FormValue("split"), Published: c.FormValue("published") != "", Version: v}
	form, _ := c.FormParams() // already parsed by FormValue above
	f.Facts = factsFrom(form)
	qs, as := form["question"], form["answer"]
	for i := range max(len(qs), len(as)) {
		var qa qaField
		if i < len(qs) {
			qa.Question = qs[i]
		}
		if i < len(as) {
			qa.Answer = as[i]
		}
		if qa.Question == "" && qa.Answer == "" {
			continue
		}
		f.Context = append(f.Context, qa)
	}
	return f, nil
}

// patch turns the form into a full StoryPatch: the form always sends every
// field.
func (f storyForm) patch() claims.StoryPatch {
	ctx := make([]claims.QA, 0, len(f.Context))
	for _, qa := range f.Context {
		ctx = append(ctx, claims.QA{Question: qa.Question, Answer: qa.Answer})
	}
	facts := factsPatch(f.Facts)
	return claims.StoryPatch{Title: &f.Title, Summary: &f.Summary, Context: &ctx, Published: &f.Published,
		Perspectives: &claims.Perspectives{Agree: view.Lines(f.Agree), Split: view.Lines(f.Split)}, Facts: &facts, Version: f.Version}
}
