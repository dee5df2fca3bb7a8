package auth

// TokenPrefix starts every API token, so that a leaked one is recognisable
// (by people and by secret scanners).
const TokenPrefix = "ct_"
