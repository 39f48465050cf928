"""MkDocs hook (mkdocs.yml `hooks:`): after each build, including `serve`, copy the pinned mermaid into the site
and index it for search; weight entity pages' names for search. The code lives in the briefsite package. (Not
named briefsite.py: MkDocs imports a hook under its file name, which would hide the package.)"""

from briefsite.site.hooks import on_post_build, on_post_page

__all__ = ["on_post_build", "on_post_page"]
