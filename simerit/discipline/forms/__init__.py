"""HTML input of the discipline pages. Forms only parse; the services check the rules and their
messages land on the fields."""
