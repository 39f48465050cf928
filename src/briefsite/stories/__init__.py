"""Stories: group articles that report the same event, and merge their facts with the sources that state
each one. Pure: no disk I/O."""
