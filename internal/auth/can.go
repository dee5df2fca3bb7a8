package auth

// Action is something a signed-in user may be allowed to do.
type Action string

// The actions that roles grant.
const (
	// ActionEdit covers stories, claims, evidence, sources, statuses, notes
	// and the review queue.
	ActionEdit Action = "edit"
	// ActionManageUsers covers creating, disabling and resetting users.
	ActionManageUsers Action = "manage_users"
	// ActionManageOwnTokens covers creating, listing and revoking one's own
	// API tokens.
	ActionManageOwnTokens Action = "manage_own_tokens"
)

// grants lists what each role may do; admins may do everything.
var grants = map[Role]map[Action]bool{
	RoleEditor: {ActionEdit: true, ActionManageOwnTokens: true},
}

// Can reports whether u may perform a. Nobody (nil: an anonymous reader) and
// disabled users may do nothing.
func Can(u *User, a Action) bool {
	if u == nil || u.Disabled {
		return false
	}
	if u.Role == RoleAdmin {
		return true
	}
	return grants[u.Role][a]
}
