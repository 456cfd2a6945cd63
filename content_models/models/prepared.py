"""Querysets compiled to SQL once per process, then run with new values.

Django compiles a queryset each time it runs it. For the queries a public page is read with
(joins, annotations, correlated subqueries) compiling costs more than running: about 1.6 ms
against 0.8 ms for a lesson's own row on SQLite. A `PreparedQuery` compiles its queryset the
first time with stand-in values, finds where those values sit among the SQL parameters, and
from then on runs the same SQL with the caller's values, building model instances as Django's
`ModelIterable` does. See docs/pages.md, "Page cost, third round: compiled once".

The rule for `build`: the queryset it returns may depend on its arguments only (never on the
time, the request or a row read while building), and each argument must reach the SQL as it
is given (not turned into a string, say). The first compile checks it: it compiles twice with
different stand-ins and refuses a query whose SQL changes or whose parameters are not the
arguments. One change is let through: a string inside a LIKE pattern (`path__startswith=path`
makes `"path%"`), provided each value given is letters and digits only (a tree path), which
need no escaping.

- A list or tuple argument is a run of values (`pk__in=ids`); the SQL is compiled once per
  length (an empty one finds nothing, as in Django).
- Values are numbers or strings. A None argument is not a value but a choice of shape
  (`build` leaves its condition out): the SQL is compiled once for None and once for a value.
- `shape` arguments (`run(*values, shape=(0, 12))`) go to `build` after the values and into
  the SQL as they are (a slice's LIMIT and OFFSET): one compiled query per shape, at most
  `MAX_SHAPES` kept, others compiled at each call.
"""

import itertools

from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.query import (
    FlatValuesListIterable,
    ModelIterable,
    ValuesIterable,
    ValuesListIterable,
    get_related_populators,
)

# Stand-in numbers: distinct, and within the range of every integer field (even a small
# one): Django leaves a lookup with an out-of-range number out of the SQL.
_STANDIN_BASE = 10_000
_STANDINS_A_ROUND = 5_000


class PreparedQuery:
    """`build(*values, *shape)` → a queryset of model instances, of `values()` dicts or of
    `values_list()` tuples.

    `run(*values, shape=())` returns the rows as a list. Prefetches are the caller's
    (`prefetch_related_objects` on the list): Django writes into a `Prefetch`'s queryset when
    it runs, so one kept from the first compile must not serve later requests.
    """

    MAX_SHAPES = 500

    def __init__(self, build):
        self.build = build
        self._compiled = {}

    def run(self, *values, shape=(), using=DEFAULT_DB_ALIAS):
        types = tuple(
            (len(value), type(value[0]) if value else None)
            if isinstance(value, list | tuple)
            else type(value)
            for value in values
        )
        key = (using, types, tuple(shape))
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = _Compiled(self.build, values, tuple(shape), using)
            if len(self._compiled) < self.MAX_SHAPES:
                self._compiled[key] = compiled
        return compiled.run(values)


def _flat(values):
    flat = []
    for value in values:
        flat.extend(value) if isinstance(value, list | tuple) else flat.append(value)
    return flat


def _standins(values, round_):
    """Values of the same types and lengths as `values`, all distinct, unlike any real one."""
    if len(_flat(values)) > _STANDINS_A_ROUND:
        raise ImproperlyConfigured(f"PreparedQuery: more than {_STANDINS_A_ROUND} values.")
    counter = itertools.count(_STANDIN_BASE + round_ * _STANDINS_A_ROUND)

    def standin(value):
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise ImproperlyConfigured(
                f"PreparedQuery: values are numbers or strings, not {type(value).__name__}."
            )
        number = next(counter)
        return f"\x1fstand-in-{number}" if isinstance(value, str) else number

    return [
        type(value)(standin(item) for item in value)
        if isinstance(value, list | tuple)
        else standin(value)
        for value in values
    ]


class _Compiled:
    def __init__(self, build, values, shape, using):
        self.using = using
        first, second = _standins(values, 1), _standins(values, 2)
        queryset = build(*first, *shape)
        compiler = queryset.query.get_compiler(using=using)
        try:
            self.sql, params = compiler.as_sql()
            other = build(*second, *shape)
            other_sql, other_params = other.query.get_compiler(using=using).as_sql()
        except EmptyResultSet:  # e.g. `pk__in=()`: no row whatever the values
            self.sql = None
            return
        if other_sql != self.sql:
            raise ImproperlyConfigured("PreparedQuery: the SQL changes with the values given.")
        self.params = list(params)
        self.standins = _flat(first)
        self.positions = self._positions(self.standins, _flat(second), params, other_params)
        self.compiler = compiler
        fields = [column[0] for column in compiler.select[: compiler.col_count]]
        if compiler.has_composite_fields(fields):
            raise ImproperlyConfigured("PreparedQuery: composite fields are not supported.")
        self.converters = compiler.get_converters(fields)
        if queryset._prefetch_related_lookups:
            raise ImproperlyConfigured("PreparedQuery: prefetch on the list `run` returns.")
        if queryset._known_related_objects:  # a related manager's queryset
            raise ImproperlyConfigured("PreparedQuery: build from the model's manager.")
        self.iterable = queryset._iterable_class
        if self.iterable is ModelIterable or (
            issubclass(self.iterable, ModelIterable) and hasattr(self.iterable, "finish")
        ):
            # A ModelIterable that only adds to each instance does it in `finish(instance)`.
            self.finish = getattr(self.iterable, "finish", None)
            self._prepare_models(queryset, compiler)
        elif self.iterable in (ValuesListIterable, FlatValuesListIterable):
            pass
        elif self.iterable is ValuesIterable:
            query = queryset.query
            # As Django's ValuesIterable names the columns.
            if query.selected:
                self.names = list(query.selected)
            else:
                self.names = [*query.extra_select, *query.values_select, *query.annotation_select]
        else:
            raise ImproperlyConfigured(
                f"PreparedQuery: {self.iterable.__name__} querysets are not supported."
            )

    @staticmethod
    def _positions(first, second, params, other_params):
        """(parameter index, value index, pattern) of every parameter holding one of the
        values: the value itself (pattern None), or a LIKE pattern made of it (the pattern
        with the stand-in, replaced at each run)."""
        positions, seen = [], set()
        for index, (one, other) in enumerate(zip(params, other_params, strict=True)):
            if one == other:
                continue
            slot = next((i for i, value in enumerate(first) if value == one), None)
            pattern = None
            if slot is None and isinstance(one, str):
                slot = next(
                    (
                        i
                        for i, value in enumerate(first)
                        if isinstance(value, str)
                        and value in one
                        and one.replace(value, second[i]) == other
                    ),
                    None,
                )
                pattern = one if slot is not None else None
            if slot is None or (pattern is None and second[slot] != other):
                raise ImproperlyConfigured(
                    "PreparedQuery: a value reaches the SQL changed (a conversion); pass it as "
                    "the SQL takes it."
                )
            positions.append((index, slot, pattern))
            seen.add(slot)
        if len(seen) != sum(value is not None for value in first):
            raise ImproperlyConfigured("PreparedQuery: a value given never reaches the SQL.")
        return positions

    def _prepare_models(self, queryset, compiler):
        """What Django's ModelIterable reads from the compiler, read once."""
        select, klass_info = compiler.select, compiler.klass_info
        self.model = klass_info["model"]
        fields = klass_info["select_fields"]
        self.model_slice = slice(fields[0], fields[-1] + 1)
        self.init_list = [column[0].target.attname for column in select[self.model_slice]]
        self.populators = get_related_populators(klass_info, select, self.using)
        self.annotation_col_map = compiler.annotation_col_map

    def run(self, values):
        if self.sql is None:
            return []
        params = list(self.params)
        flat = _flat(values)
        for index, slot, pattern in self.positions:
            if pattern is None:
                params[index] = flat[slot]
            elif isinstance(flat[slot], str) and flat[slot].isalnum():
                params[index] = pattern.replace(self.standins[slot], flat[slot])
            else:
                raise ValueError(f"Only letters and digits go into a pattern: {flat[slot]!r}")
        with connections[self.using].cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        compiler = self.compiler
        if compiler.has_extra_select:
            rows = [row[: compiler.col_count] for row in rows]
        if self.converters:
            rows = compiler.apply_converters(rows, self.converters)
        if self.iterable is ValuesIterable:
            return [dict(zip(self.names, row, strict=True)) for row in rows]
        if self.iterable is ValuesListIterable:
            return [tuple(row) for row in rows]
        if self.iterable is FlatValuesListIterable:
            return [row[0] for row in rows]
        objects = []
        for row in rows:
            instance = self.model.from_db(self.using, self.init_list, row[self.model_slice])
            for populator in self.populators:
                populator.populate(row, instance)
            for name, position in self.annotation_col_map.items():
                setattr(instance, name, row[position])
            objects.append(self.finish(instance) if self.finish else instance)
        return objects


def set_prefetched(instance, relation, rows):
    """Gives `rows` (read by a PreparedQuery) to `instance.<relation>.all()` as
    `prefetch_related` would (Django's `prefetch_one_level`): `all()` and iteration read them,
    a further `filter()` queries the database."""
    reverse = instance._meta.get_field(relation)
    for row in rows:
        setattr(row, reverse.field.name, instance)
    manager = getattr(instance, relation)
    queryset = manager._apply_rel_filters(reverse.related_model._default_manager.all())
    queryset._result_cache = list(rows)
    queryset._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[reverse.cache_name] = queryset
