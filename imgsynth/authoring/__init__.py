"""For contributors, not for the build: scaffold an entry (:mod:`.scaffold`), record that a
translation is up to date (:mod:`.record`), and the pull-request review aid (:mod:`.review`)."""
