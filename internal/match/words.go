package match

import "strings"

// stopWords are function words: they carry no claim by themselves. Negation
// words are here too: they are weighed separately (see polarity.go).
var stopWords = set(`a an the and or but if then so than that this these those there here
of in on at to for from by with without about into onto over under as is are was were be been being
am do does did done has have had having will would shall should can could may might must
it its it's he she they them their his her him we us our you your i me my mine
who whom whose which what when where why how all any some each every both either neither
not no nor never n't very too also just only even still yet already again
said says say saying told according reported reports report claimed claims claim
new one more less fewer least most nearly almost around roughly approximately`)

// synonyms maps a stem to the stem it is counted as, for a few words that
// news writing uses interchangeably. Kept short and general on purpose: a
// long list tuned to the test set would flatter the measured figures.
var synonyms = map[string]string{
	"fake":      "fabric", // fabricated
	"forg":      "fabric",
	"genuin":    "authent",
	"employe":   "worker",
	"staff":     "worker",
	"job":       "worker",
	"elimin":    "cut",
	"axe":       "cut",
	"slash":     "cut",
	"layoff":    "cut",
	"firm":      "compani",
	"tape":      "record",
	"audio":     "record",
	"signatori": "sign",
	"signatur":  "sign",
	"surpass":   "pass",
	"exceed":    "pass",
	"monitor":   "surveil",
	"spi":       "surveil", // spy, spied
	"spy":       "surveil",
	"ceo":       "chief",
	"boss":      "chief",
	"administr": "govern",
	"minist":    "govern",
	"percent":   "%",
	"approv":    "pass",
	"adopt":     "pass",
	"close":     "shut",
	"closur":    "shut",
	"shutdown":  "shut",
	"shutter":   "shut",
	"begin":     "start",
	"launch":    "start",
	"commenc":   "start",
	"purchas":   "buy",
	"acquir":    "buy",
	"bought":    "buy",
	"declin":    "fall",
	"drop":      "fall",
	"fell":      "fall",
	"rose":      "rise",
	"increas":   "rise",
	"grew":      "rise",
	"grow":      "rise",
}

func set(words string) map[string]bool {
	m := map[string]bool{}
	w := ""
	for _, r := range words + " " {
		if r == ' ' || r == '\n' || r == '\t' {
			if w != "" {
				m[w] = true
			}
			w = ""
			continue
		}
		w += string(r)
	}
	return m
}

// contrasts pairs stems of predicates that say the opposite of each other:
// a sentence that "opened" a ward does not repeat a claim that one
// "closed", however many other words they share.
var contrasts = pairs(`open:shut rise:fall rais:cut rais:lower hire:cut hire:fire win:lose won:lost
pass:fail accept:reject approv:reject add:remov gain:lose increas:cut expand:cut start:end start:stop
confirm:deni resign:appoint buy:sell`)

func pairs(s string) map[string]map[string]bool {
	m := map[string]map[string]bool{}
	for w := range set(s) {
		a, b, _ := strings.Cut(w, ":")
		for _, p := range [][2]string{{a, b}, {b, a}} {
			if m[p[0]] == nil {
				m[p[0]] = map[string]bool{}
			}
			m[p[0]][p[1]] = true
		}
	}
	return m
}
