package demo

import (
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// Slug and Title of the demo story.
const (
	Slug  = "meta-audio-employee-tracking-ai"
	Title = "Leaked audio fuels unverified claims that Meta tracked staff computer use to train AI"
)

// The demo's newsroom worked on the story in November 2026.
func day(d, hour, minute int) time.Time {
	return time.Date(2026, time.November, d, hour, minute, 0, 0, time.UTC)
}

func story() claims.NewStory {
	return claims.NewStory{
		Slug:  Slug,
		Title: Title,
		Summary: "An audio clip said to come from an internal Meta meeting has spread online together with reports " +
			"that the company ran, or planned, software recording what employees did on their work computers so " +
			"that AI models could learn from it. Staff objected in a petition, and the row broke out during a new " +
			"round of layoffs. Whether the recording is genuine, and exactly what the software collected, has not " +
			"been established.",
		Context: []claims.QA{
			{
				Question: "What is the clip said to show?",
				Answer: "It circulates as a recording of an internal Meta meeting in which a voice presented as " +
					"Mark Zuckerberg's talks about AI systems learning by watching how employees work at their " +
					"computers (NDTV, Investing.com, Mashable ME).",
			},
			{
				Question: "What was the software reportedly recording?",
				Answer: "Reports describe it logging inputs on employees' machines: keystrokes, mouse movements " +
					"and clicks. Some go further and say it also took in what was on the screen (Hindustan Times, " +
					"National Post, Digit).",
			},
			{
				Question: "What is still open?",
				Answer: "Above all, whether the recording is real. None of the coverage we reviewed says it was " +
					"independently authenticated, and several reports note that Meta had not confirmed it or " +
					"spoken about it publicly (Hindustan Times, Digit, The Pioneer).",
			},
		},
		Perspectives: claims.Perspectives{
			Agree: []string{
				"If the tracking happened as described, employees' everyday work became raw material for Meta's " +
					"AI effort, and the petition shows that staff took this seriously whatever the clip turns out to be.",
			},
			Split: []string{
				"Whether the story is mainly about workers' say over how their labour feeds AI systems, or mainly " +
					"a reason to hold judgment on a viral recording until it and the monitoring program are verified.",
			},
		},
		Published: true,
	}
}

// outlets are the sources the demo cites. The URLs are only displayed (the
// demo never fetches them); print and wire copy has none.
var outlets = map[string]claims.NewSourceLink{
	"pti": {Outlet: "Press Trust of India", OutletKind: "wire",
		Title: "Meta to cut about 8,000 jobs in new round of layoffs (wire copy)"},
	"ndtv": {Outlet: "NDTV", OutletKind: "independent",
		URL:   "https://www.ndtv.com/world-news/leaked-meta-audio-zuckerberg-ai-learning-from-employees",
		Title: "Leaked audio said to feature Zuckerberg on AI learning from employees' work"},
	"investing": {Outlet: "Investing.com", OutletKind: "independent",
		URL:   "https://www.investing.com/news/stock-market-news/meta-employees-petition-against-ai-training-on-work-activity",
		Title: "Meta employees petition against use of their work activity for AI training"},
	"mashable": {Outlet: "Mashable ME", OutletKind: "independent",
		URL:   "https://me.mashable.com/tech/meta-leaked-audio-employee-tracking-ai",
		Title: "What we know about the leaked Meta audio on employee tracking"},
	"ht": {Outlet: "Hindustan Times", OutletKind: "independent",
		URL:   "https://www.hindustantimes.com/world-news/us-news/meta-leaked-audio-employee-computer-monitoring-ai",
		Title: "Viral clip raises questions over Meta monitoring of staff computers"},
	"natpost": {Outlet: "National Post", OutletKind: "independent",
		URL:   "https://nationalpost.com/news/world/meta-employees-keystrokes-ai-training-petition",
		Title: "Meta staff push back over reported tracking of keystrokes for AI"},
	"digit": {Outlet: "Digit", OutletKind: "independent",
		URL:   "https://www.digit.in/news/general/meta-employee-keystroke-mouse-tracking-ai-leaked-audio.html",
		Title: "Meta reportedly logged keystrokes and mouse movements to train AI"},
	"pioneer": {Outlet: "The Pioneer", OutletKind: "independent",
		Title: "Meta silent on leaked recording (print edition)"},
}

// link cites an outlet for a claim with a stance.
type link struct {
	outlet string
	stance claims.Stance
}

// proof is a piece of evidence added at a given time; outlet may be empty,
// and must name an outlet with a URL otherwise.
type proof struct {
	at      time.Time
	stance  claims.Stance
	outlet  string
	summary string
}

// verdict is a status change with the note that explains it.
type verdict struct {
	at     time.Time
	status string
	note   string
}

// claimSpec is one claim of the demo and what happened to it.
type claimSpec struct {
	text     string
	settle   string
	links    []link
	evidence []proof
	verdicts []verdict
}

// Print and wire sources have no URL, so each becomes its own source: cite
// each of them once only, or the page would list it twice.
func claimSpecs() []claimSpec {
	return []claimSpec{
		{
			text:   "The leaked audio is a genuine recording of an internal Meta meeting in which Mark Zuckerberg speaks.",
			settle: "Independent forensic analysis of the full recording, or confirmation from Meta or from people who attended the meeting.",
			links:  []link{{"ndtv", claims.StanceContext}, {"mashable", claims.StanceContext}, {"ht", claims.StanceContext}},
			evidence: []proof{
				{day(12, 14, 10), claims.StanceContext, "ndtv",
					"Coverage presents the clip as audio from an internal meeting with a voice identified as Zuckerberg's; none of the reports we reviewed describes an independent check of the recording."},
				{day(17, 11, 40), claims.StanceContext, "ht",
					"Meta had not confirmed that the recording is genuine when the reports appeared, and had not said it was fake either."},
			},
		},
		{
			text:   "Software on Meta employees' work computers tracked their keystrokes, mouse movements and clicks.",
			settle: "Internal documentation of the program, or an on-the-record account from Meta or from employees of what the software collected.",
			links:  []link{{"ht", claims.StanceSupports}, {"natpost", claims.StanceSupports}, {"digit", claims.StanceSupports}},
			evidence: []proof{
				{day(12, 15, 0), claims.StanceSupports, "natpost",
					"Describes software on company computers logging keystrokes, mouse movements and clicks so that AI models could learn from how people work."},
				{day(13, 9, 20), claims.StanceContext, "digit",
					"Lists the same three kinds of input in the same order, which points to a shared original source rather than a second, independent confirmation."},
			},
			verdicts: []verdict{
				{day(13, 10, 0), "investigating", "Several outlets describe the same inputs. We have asked Meta for comment and are looking for internal documents that describe the program."},
			},
		},
		{
			text:   "The software also captured what was shown on employees' screens.",
			settle: "A description of the software's data collection, from Meta or from a document, that says whether screenshots or screen recordings were taken.",
			links:  []link{{"digit", claims.StanceContext}},
			evidence: []proof{
				{day(18, 16, 5), claims.StanceContext, "digit",
					"Only some reports mention screen activity or screen content; most describe keystrokes, mouse movements and clicks alone."},
			},
		},
		{
			text:   "A petition by Meta employees against using their work activity for AI training passed 1,000 signatures.",
			settle: "Two or more independent reports of the count, or the petition itself.",
			links:  []link{{"investing", claims.StanceSupports}, {"ndtv", claims.StanceSupports}, {"natpost", claims.StanceSupports}},
			evidence: []proof{
				{day(13, 13, 30), claims.StanceSupports, "investing",
					"Reports an employee petition against the use of work activity for AI training with more than 1,000 signatures."},
				{day(13, 13, 45), claims.StanceSupports, "natpost",
					"Gives the same figure of more than 1,000 signatures in a separately reported article."},
			},
			verdicts: []verdict{
				{day(13, 14, 0), "confirmed", "Three outlets reporting separately give the same figure of more than 1,000 signatures."},
			},
		},
		{
			text:   "The same petition passed 1,500 signatures.",
			settle: "A second independent report of the higher count, or the petition's organisers publishing the number.",
			links:  []link{{"mashable", claims.StanceSupports}},
			evidence: []proof{
				{day(19, 10, 15), claims.StanceSupports, "mashable",
					"The only report we found that puts the count above 1,500."},
				{day(19, 10, 30), claims.StanceContext, "",
					"Other reports from the same days say \"more than 1,000\"; the higher figure may be newer, or it may be wrong."},
			},
		},
		{
			text:   "Meta was laying off about 8,000 workers at the time, roughly 10% of its staff.",
			settle: "Meta's own filing or announcement giving the number of jobs cut and the headcount it is measured against.",
			links:  []link{{"pti", claims.StanceSupports}, {"investing", claims.StanceSupports}},
			evidence: []proof{
				{day(14, 9, 0), claims.StanceSupports, "investing",
					"Puts the new round of layoffs at about 8,000 jobs, around a tenth of the workforce."},
				{day(14, 9, 30), claims.StanceContext, "",
					"Reports agree on about 8,000 jobs; the share of roughly 10% depends on which headcount it is taken from, and the reports do not say."},
			},
			verdicts: []verdict{
				{day(14, 11, 0), "partly_confirmed", "The figure of about 8,000 jobs holds across wire copy and independent reports; the 10% share is an approximation we could not pin to a stated headcount."},
			},
		},
		{
			text:   "Meta had not confirmed that the recording is authentic.",
			settle: "A statement from Meta, or a report quoting one, about the recording.",
			links:  []link{{"ht", claims.StanceSupports}, {"digit", claims.StanceSupports}, {"pioneer", claims.StanceSupports}},
			evidence: []proof{
				{day(15, 12, 0), claims.StanceSupports, "ht",
					"States that Meta had not confirmed the recording or responded to it publicly."},
			},
			verdicts: []verdict{
				{day(15, 12, 30), "confirmed", "Every report that addresses the point says Meta had not confirmed the recording; none quotes a confirmation."},
			},
		},
	}
}

// fact is one of the story's facts, citing outlets by their key in outlets.
type fact struct {
	text    string
	outlets []string
}

// facts are the six established statements the sample story opens with.
func facts() []fact {
	return []fact{
		{"An audio clip has circulated online with claims that it came from an internal Meta meeting and concerns " +
			"tracking employees' computer activity for AI work.", []string{"ndtv", "mashable", "investing"}},
		{"Several reports say the audio appears to feature Meta CEO Mark Zuckerberg discussing AI models learning " +
			"from employees' work or computer use.", []string{"ndtv", "investing", "mashable"}},
		{"Reports about the program say the software tracked, or was designed to track, employee inputs such as " +
			"keystrokes, mouse movements and clicks on company computers.", []string{"ht", "natpost", "digit"}},
		{"The authenticity of the audio had not been independently verified in the coverage we reviewed, and some " +
			"reports said Meta had not officially confirmed the recording.", []string{"ht", "digit", "pioneer"}},
		{"Meta employees opposed the reported data collection; reports say a petition against using their work " +
			"activity for AI training drew more than 1,000 signatures, one report putting it above 1,500.",
			[]string{"investing", "natpost"}},
		{"The controversy emerged alongside Meta's wider AI push and a new round of layoffs affecting about 8,000 " +
			"workers, which several reports describe as roughly 10% of the workforce.", []string{"pti", "natpost"}},
	}
}
