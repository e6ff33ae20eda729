"""Every change Open311 makes: keys issued and revoked, extra questions edited (all audited)."""
