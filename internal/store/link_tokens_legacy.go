package store

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/claimtrack/claimtrack/internal/secret"
)

// hashLegacyLinkTokens replaces the raw manage and unsubscribe tokens that
// migration 00015 found (renamed to manage_hash and unsubscribe_hash, and
// marked with legacyPrefix) with their SHA-256, and records each as a link
// token, so that links in mails sent before keep working while no token
// stays readable in the database. SQLite has no SHA-256 in SQL, hence Go,
// run by Migrate after the migrations every time: a crash between the two
// leaves the marks for the next start, and with none left it costs two
// index lookups.
func (db *DB) hashLegacyLinkTokens(ctx context.Context) error {
	return db.Tx(ctx, func(ctx context.Context) error {
		c := db.conn(ctx)
		now := time.Now().UTC()
		var subs []subscriberRow
		if err := c.Where("manage_hash LIKE ?", legacyPrefix+"%").Find(&subs).Error; err != nil {
			return err
		}
		for _, s := range subs {
			tok := linkTokenRow{Kind: "manage", SubscriberID: s.ID, CreatedAt: now}
			if err := rehashLegacy(c, &subscriberRow{}, s.ID, "manage_hash", s.ManageHash, tok); err != nil {
				return err
			}
		}
		var sns []subscriptionRow
		if err := c.Where("unsubscribe_hash LIKE ?", legacyPrefix+"%").Find(&sns).Error; err != nil {
			return err
		}
		for _, sn := range sns {
			id := sn.ID
			tok := linkTokenRow{Kind: "unsubscribe", SubscriberID: sn.SubscriberID, SubscriptionID: &id, CreatedAt: now}
			if err := rehashLegacy(c, &subscriptionRow{}, sn.ID, "unsubscribe_hash", sn.UnsubscribeHash, tok); err != nil {
				return err
			}
		}
		return nil
	})
}

// rehashLegacy stores the hash of a legacy raw token in place of the token
// (column of model's row id) and records it as the link token tok.
func rehashLegacy(c *gorm.DB, model any, id int64, column, raw string, tok linkTokenRow) error {
	tok.Hash = secret.Hash(strings.TrimPrefix(raw, legacyPrefix))
	if err := c.Model(model).Where("id = ?", id).Update(column, tok.Hash).Error; err != nil {
		return err
	}
	return c.Create(&tok).Error
}

// legacyPrefix marks the raw tokens migration 00015 left to hash; a hash
// (hex) never starts with it.
const legacyPrefix = "raw:"
