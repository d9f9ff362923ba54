"""The terminal: what `sigbot ask`, `show`, `list` and `triage` print. Plain text and Markdown over
the shared view model; no Slack imports."""
