"""One small error hierarchy; the CLI turns every BriefsiteError into `path:line: message` and an exit code."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One problem found in one input file, reported as `path:line: field: message`."""

    path: str
    message: str
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        what = self.message if not self.field else f"{self.field}: {self.message}"
        return f"{where}: {what}"


class BriefsiteError(Exception):
    """Base of every error a user can cause; never shown with a traceback."""

    exit_code = 1

    def __init__(self, problems: list[Problem] | str) -> None:
        self.problems = [Problem("briefsite", problems)] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class InputError(BriefsiteError):
    """An article could not be read (encoding, size, binary, empty)."""

    @classmethod
    def at(cls, path: Path | str, message: str, line: int | None = None) -> InputError:
        return cls([Problem(str(path), message, line)])


class FactSheetError(BriefsiteError):
    """A fact sheet is not valid YAML or does not match the schema."""


class ConfigError(BriefsiteError):
    """briefsite.yml or the site folder layout is wrong."""


class ConflictError(BriefsiteError):
    """A hand edit and a new extraction changed the same field differently."""


class PublishError(BriefsiteError):
    """The static-site publisher (MkDocs) failed; the previous site/ is kept."""


@dataclass
class Report:
    """What a verb did and what went wrong. `errors` make the exit status non-zero."""

    errors: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def extend(self, other: Report) -> None:
        self.errors += other.errors
        self.warnings += other.warnings
        self.written += other.written
        self.notes += other.notes
