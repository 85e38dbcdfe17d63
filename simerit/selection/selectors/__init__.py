"""Reads of the selection, by part: cut (the SKD ranking in the database), setup, assessment,
ranking, announcements, transparency (public statistics)."""
