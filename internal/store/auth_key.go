package store

import (
	"context"

	"gorm.io/gorm/clause"
)

// authKeyRow is a row of auth_keys: a server-side secret shared by every
// instance over one database.
type authKeyRow struct {
	Name   string `gorm:"primaryKey"`
	Secret string
}

func (authKeyRow) TableName() string { return "auth_keys" }

// AuthKey returns the secret stored under name, storing candidate first
// when there is none yet. Instances that start together race on the insert
// and all read back the one that won.
func (db *DB) AuthKey(ctx context.Context, name, candidate string) (string, error) {
	err := db.conn(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&authKeyRow{Name: name, Secret: candidate}).Error
	if err != nil {
		return "", err
	}
	var r authKeyRow
	if err := db.conn(ctx).Where("name = ?", name).Take(&r).Error; err != nil {
		return "", err
	}
	return r.Secret, nil
}
