"""Read data files into validated :class:`~graphservice.model.Dataset` objects.

Records are stored compactly as they are validated (graphservice/record.py): the same pydantic
classes and values, in a fraction of the memory. Every failure becomes a
:class:`~graphservice.errors.DataError` whose problems name the file, the
record (by list position and slug) and the reason, so a curator can go straight to the line.

A file whose name ends in ``.json`` holds the same structure as JSON: generated or very large works
load several times faster that way (YAML parsing dominates the load time of a big file).
"""

from __future__ import annotations

import ctypes
from collections.abc import Sequence
from pathlib import Path
from typing import Any, get_args, get_origin

import msgspec
import yaml
from pydantic import BaseModel, ValidationError

from graphservice import jsonio
from graphservice._yaml import read_yaml
from graphservice.datafiles import DataFile, read_file
from graphservice.errors import DataError, DataProblem
from graphservice.model import Dataset
from graphservice.record import Compactor
from graphservice.references import check_references

__all__ = ["load_dataset", "load_datasets", "parse_dataset", "parse_file", "parse_files", "read_mapping"]

# PyYAML's C loader, as the strict loader uses: only to find where a complex key is.
_Composer: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_dataset(path: Path) -> Dataset:
    """Read, validate and cross-check one data file."""
    return parse_file(read_file(path))


def load_datasets(paths: Sequence[Path]) -> list[Dataset]:
    """Load several files; collect every file's problems before raising, and refuse duplicate works."""
    files: list[DataFile] = []
    problems: list[DataProblem] = []
    for path in paths:
        try:
            files.append(read_file(path))
        except DataError as exc:
            problems.extend(exc.problems)
    return _parse_all(files, problems)


def parse_files(files: Sequence[DataFile]) -> list[Dataset]:
    """Validate files already read; collect every file's problems, and refuse duplicate works."""
    return _parse_all(files, [])


def parse_file(file: DataFile) -> Dataset:
    """Validate one file's bytes: JSON when its name ends in ``.json``, else YAML."""
    try:
        text = file.content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError([DataProblem(file.name, "", f"cannot read file: {exc}")]) from None
    return parse_dataset(text, file.name, json=file.name.lower().endswith(".json"))


def _parse_all(files: Sequence[DataFile], problems: list[DataProblem]) -> list[Dataset]:
    datasets: list[Dataset] = []
    owners: dict[str, str] = {}
    for file in files:
        try:
            dataset = parse_file(file)
        except DataError as exc:
            problems.extend(exc.problems)
            continue
        slug = dataset.work.slug
        if slug in owners:
            reason = f"work slug '{slug}' is already used by {owners[slug]}"
            problems.append(DataProblem(file.name, "work.slug", reason))
            continue
        owners[slug] = file.name
        datasets.append(dataset)
    if problems:
        raise DataError(problems)
    return datasets


def parse_dataset(text: str, name: str, *, json: bool = False) -> Dataset:
    """Validate YAML (or, with ``json``, JSON) text as a dataset; ``name`` labels the problems
    (usually the file path).

    Every failure is a DataError naming the file and the reason, even one this module did not
    foresee (odd YAML reaching a check written for plain values): a reload must refuse the file
    and a curator must see which one, never a traceback.
    """
    try:
        dataset = _parse(text, name, json)
    except DataError:
        raise
    except Exception as exc:
        reason = f"cannot be read as a dataset ({type(exc).__name__}: {exc})"
        raise DataError([DataProblem(name, "", reason)]) from exc
    if len(text) >= _BIG_TEXT:
        _release_freed_memory()
    return dataset


_BIG_TEXT = 8 * 2**20
"""Characters of data from which a load hands the memory it freed back to the system."""


def _release_freed_memory() -> None:
    """Return freed memory to the operating system where the C library allows it (glibc).

    Validating a big file frees memory: each record's first copy, and when a text is read whole
    (YAML, or JSON that could not be cut into records) the tree parsed from it, which is about as
    large as the records. glibc keeps that inside the heap, still resident: at 10^5 relationships
    validated whole, two fifths of the process. Elsewhere this does nothing.
    """
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return
    trim(0)


def _parse(text: str, name: str, json: bool) -> Dataset:
    if json:
        try:
            # pydantic reads JSON text itself, without building the intermediate Python objects:
            # a third less time and memory for a big file. Problems are reported as for YAML.
            dataset = _validate_json(text)
        except ValidationError:
            dataset = None
        if dataset is not None:
            return _checked(dataset, name)
    raw = _mapping(text, name, json)
    try:
        dataset = Dataset.model_validate(raw, context=Compactor())
    except ValidationError as exc:
        raise DataError([_problem(name, raw, err) for err in exc.errors()]) from None
    return _checked(dataset, name)


_LISTS: dict[str, type[BaseModel]] = {
    name: get_args(field.annotation)[0]
    for name, field in Dataset.model_fields.items()
    if get_origin(field.annotation) is list
}
"""The dataset's lists of records (characters, relationships, ...) with their record classes."""


def _validate_json(text: str) -> Dataset:
    """Validate JSON text as a dataset, one record at a time; raises pydantic's ValidationError.

    Given the whole text at once, pydantic parses all of it into a tree of its own before it
    validates anything: for a big file that tree is larger than the records it yields, and it is
    all alive at once. Here msgspec cuts the text into the top-level values and each list into its
    items, as text, without interpreting them; pydantic then validates each record from its own
    text, with the class the dataset's list declares, and the rest of the dataset from a text with
    the lists left empty but the first character (so that "at least one character" is still
    checked). pydantic reads every byte itself, so it accepts and refuses exactly what it would
    given the whole text; msgspec only finds where values start and end. Text msgspec cannot cut
    that way goes to pydantic whole, which then decides.
    """
    compactor = Compactor()
    try:
        top = msgspec.json.decode(text, type=dict[str, msgspec.Raw])
        records: dict[str, list[Any]] = {}
        first_character = b""
        for key in _LISTS.keys() & top.keys():
            items = msgspec.json.decode(top[key], type=list[msgspec.Raw])
            validate = _LISTS[key].__pydantic_validator__.validate_json
            records[key] = [validate(bytes(item), context=compactor) for item in items]
            if key == "characters" and items:
                first_character = bytes(items[0])
    except msgspec.DecodeError:
        return Dataset.model_validate_json(text, context=compactor)
    rest = b",".join(
        msgspec.json.encode(key)
        + b":"
        + (b"[" + first_character + b"]" if key == "characters" else b"[]" if key in records else bytes(raw))
        for key, raw in top.items()
    )
    dataset = Dataset.model_validate_json(b"{" + rest + b"}", context=compactor)
    return dataset.model_copy(update=records)  # each list was in the text, so it is in the fields set


def _mapping(text: str, name: str, json: bool) -> dict[str, Any]:
    raw = _read_json(text, name) if json else _read_yaml(text, name)
    if not isinstance(raw, dict):
        kind = "empty" if raw is None else type(raw).__name__
        reason = f"expected a mapping with 'format_version', 'work', 'characters', ...; got {kind}"
        raise DataError([DataProblem(name, "", reason)])
    return raw


def read_mapping(file: DataFile) -> dict[str, Any]:
    """A data file's text read as a mapping, not yet validated as a dataset: for listing a work
    without the cost of loading it. Unreadable text is a DataError naming the file."""
    try:
        text = file.content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError([DataProblem(file.name, "", f"cannot read file: {exc}")]) from None
    try:
        return _mapping(text, file.name, file.name.lower().endswith(".json"))
    except DataError:
        raise
    except Exception as exc:  # as parse_dataset: a curator sees which file, never a traceback
        reason = f"cannot be read as a dataset ({type(exc).__name__}: {exc})"
        raise DataError([DataProblem(file.name, "", reason)]) from exc


def _checked(dataset: Dataset, name: str) -> Dataset:
    problems = [DataProblem(name, record, reason) for record, reason in check_references(dataset)]
    if problems:
        raise DataError(problems)
    return dataset


def _read_yaml(text: str, name: str) -> Any:
    try:
        return read_yaml(text)
    except yaml.MarkedYAMLError as exc:
        raise DataError(
            [DataProblem(name, _where(exc.problem_mark), f"invalid YAML: {exc.problem}")]
        ) from None
    except yaml.YAMLError as exc:
        raise DataError([DataProblem(name, "", f"invalid YAML: {exc}")]) from None
    except TypeError as exc:  # a list or mapping used as a key cannot be hashed
        mark = _complex_key(text)
        if mark is None:
            raise DataError([DataProblem(name, "", f"invalid YAML: {exc}")]) from None
        reason = "invalid YAML: a key is a list or a mapping (a complex key, `? [a, b]`), not plain text"
        raise DataError([DataProblem(name, _where(mark), reason)]) from None
    except (ValueError, ArithmeticError) as exc:  # e.g. `!!int abc`: the tag's constructor refused it
        raise DataError([DataProblem(name, "", f"invalid YAML: {exc}")]) from None


def _where(mark: yaml.Mark | None) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""


def _complex_key(text: str) -> yaml.Mark | None:
    """Where the first key that is a list or a mapping starts (only called once parsing failed)."""
    try:
        stack: list[yaml.Node | None] = [yaml.compose(text, Loader=_Composer)]  # a safe loader
    except yaml.YAMLError:
        return None
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                if isinstance(key, yaml.CollectionNode):
                    return key.start_mark
                stack += [value, key]
        elif isinstance(node, yaml.SequenceNode):
            stack += reversed(node.value)
    return None


def _read_json(text: str, name: str) -> Any:
    try:
        return jsonio.loads(text)
    except ValueError as exc:
        # json names the line and column; orjson's message says the same in its own words.
        raise DataError([DataProblem(name, "", f"invalid JSON: {exc}")]) from None


def _problem(name: str, raw: dict[str, Any], err: Any) -> DataProblem:
    """Turn one pydantic error into a problem naming the record by position and slug."""
    loc: tuple[int | str, ...] = tuple(err["loc"])
    record = _record_path(raw, loc)
    reason = err["msg"]
    if err["type"] == "extra_forbidden":
        reason = "unknown field (check its spelling against data/README.md)"
    elif err["type"] == "missing":
        reason = "required field is missing"
    elif "input" in err and not isinstance(err["input"], dict):
        reason = f"{reason} (got {err['input']!r})"
    return DataProblem(name, record, reason)


def _record_path(raw: Any, loc: tuple[int | str, ...]) -> str:
    """Render a pydantic location as ``relationships[3] 'ruth-tommy'.evidence[0].text``."""
    parts: list[str] = []
    node = raw
    for step in loc:
        if isinstance(step, int):
            parts.append(f"[{step}]")
            node = node[step] if isinstance(node, list) and step < len(node) else None
            slug = node.get("slug") if isinstance(node, dict) else None
            if isinstance(slug, str):
                parts.append(f" '{slug}'")
        else:
            parts.append(f".{step}" if parts else str(step))
            node = node.get(step) if isinstance(node, dict) else None
    return "".join(parts)
