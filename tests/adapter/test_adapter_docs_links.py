"""A symbolic link in docs/ that leaves the repository fails the build instead of publishing its target."""

from __future__ import annotations

from pathlib import Path

from site_support import build_site, copy_project


def test_a_link_out_of_the_repository_in_docs_fails_the_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    secret = tmp_path / "secret.md"
    secret.write_text("SECRET-OF-THE-BUILD-MACHINE\n", encoding="utf-8")
    (project / "docs" / "leak.md").symlink_to(secret)
    result = build_site(tmp_path / "site", project)
    assert result.returncode != 0
    assert "docs/leak.md:1:" in result.stderr
    assert not any(
        "SECRET-OF-THE-BUILD-MACHINE" in page.read_text(encoding="utf-8", errors="replace")
        for page in (tmp_path / "site").rglob("*")
        if page.is_file()
    )
