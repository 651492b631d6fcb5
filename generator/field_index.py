"""Records found by the values of their fields, as SUMIFS finds them: the index behind `Budget.select` and the
data sheets' lookups."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence, Set

_NONE: frozenset[int] = frozenset()


class FieldIndex:
    """Records found by the values of their text fields, as SUMIFS (and `Line.matches`) finds them: for every
    criterion the record's field equals its value, or any of a tuple or list of values. Built once, asked often."""

    def __init__(self, records: Sequence[Mapping[str, str]]) -> None:
        self.count = len(records)
        self.by_field: dict[str, dict[str, set[int]]] = {}
        for key in records[0] if records else ():
            by_value: defaultdict[str, set[int]] = defaultdict(set)  # no new set for each record, as setdefault made
            for i, fields in enumerate(records):
                by_value[fields[key]].add(i)
            self.by_field[key] = dict(by_value)

    def rows(self, criteria: Mapping[str, object]) -> Set[int] | range:
        """The numbers of the records meeting every criterion (none for a field no record has)."""
        chosen: Set[int] | range = range(self.count)
        for key, wanted in criteria.items():
            by_value = self.by_field.get(key, {})
            if isinstance(wanted, (list, tuple)):
                found: Set[int] = set().union(*(by_value.get(v, ()) for v in wanted))
            else:
                found = by_value.get(wanted, _NONE)
            chosen = found if isinstance(chosen, range) else chosen & found
            if not chosen:
                return _NONE  # most cells of a table are empty: no need to look further
        return chosen
