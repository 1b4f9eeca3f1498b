"""Links into the source repository: edit a content file, open a pre-filled issue."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode


@dataclass(frozen=True)
class RepoLinks:
    """The GitHub repository of the site and the branch edits go to."""

    repo_url: str
    branch: str = "main"

    def edit_url(self, source_path: str) -> str:
        """Edit link of a file given relative to the repository root (``content/milestones/gan.md``)."""
        return f"{self.repo_url}/edit/{self.branch}/{source_path.lstrip('/')}"

    def issue_url(self, title: str, body: str, labels: str = "") -> str:
        """A new-issue link with the title and body filled in (URL-encoded)."""
        query = {"title": title, "body": body}
        if labels:
            query["labels"] = labels
        return f"{self.repo_url}/issues/new?{urlencode(query)}"
