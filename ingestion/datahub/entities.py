"""People and groups from DataHub's aspects of them:

* ``corpuser`` / ``corpUserInfo`` (and ``corpUserEditableInfo``): a person's display name,
  email and title; ``groupMembership``: the groups they are in;
* ``corpGroup`` / ``corpGroupInfo``: a group's display name, email, description and members.

A person's profile in MDT is theirs: DataHub fills only what is empty. Members are added, never
removed (MDT's groups may hold people DataHub does not know). They are written before the
datasets of the same request, with the other entities (``around``: tags, terms, containers,
pipelines…), so a dataset's owner is the person the request describes.
"""

from dataclasses import dataclass, field
from typing import Any

from accounts.models import Group, User
from accounts.services import GroupProfile, UserProfile, groups_ensure, users_ensure
from catalog.writer.rules import text_fault
from ingestion.datahub.mapping import MalformedRecord, _list, _name, _text

ASPECTS = frozenset(
    {
        ("corpuser", "corpUserInfo"),
        ("corpuser", "corpUserEditableInfo"),
        ("corpuser", "groupMembership"),
        ("corpGroup", "corpGroupInfo"),
    }
)
# The longest name each kind of entity can be stored under (its model's column), and a
# group's, which is a slug.
_NAME_MAX = {"corpuser": 150, "corpGroup": 150}
_PREFIXES = {
    "corpuser": "urn:li:corpuser:",
    "corpGroup": "urn:li:corpGroup:",
}


@dataclass
class Entities:
    """What a request says about people and groups, last word wins."""

    users: dict[str, dict[str, str]] = field(default_factory=dict)
    groups: dict[str, dict[str, Any]] = field(default_factory=dict)
    memberships: dict[str, set[str]] = field(default_factory=dict)

    def parse(self, entity_type: str, urn: str, aspect: str, value: Any) -> tuple:
        """The update ``value`` makes (checked, not yet kept: ``keep`` does)."""
        name = _name(urn, _PREFIXES[entity_type])
        if not name or len(name) > _NAME_MAX[entity_type] or not isinstance(value, dict):
            raise MalformedRecord(f"The {aspect!r} aspect of {urn!r} is not in DataHub's shape.")
        try:
            parsed = _parsed(entity_type, aspect, value)
            # What PostgreSQL refuses (a NUL, an unpaired surrogate) is the record's error.
            for text in [name, *_texts(parsed)]:
                fault = text_fault(text)
                if fault:
                    raise ValueError(f"a value {fault}")
            people = parsed.get("members", []) + parsed.get("groups", [])
            if any(not 0 < len(person) <= 150 for person in people):
                raise ValueError("a member or group name must be 1 to 150 characters")
            return (entity_type, aspect, name, parsed)
        except (TypeError, KeyError, AttributeError, ValueError) as exc:
            raise MalformedRecord(
                f"The {aspect!r} aspect of {urn!r} does not have DataHub's shape ({exc}).",
                fields={aspect: [str(exc)]},
            ) from exc

    def keep(self, update: tuple) -> None:
        entity_type, aspect, name, values = update
        if aspect == "groupMembership":
            self.memberships.setdefault(name, set()).update(values["groups"])
        elif entity_type == "corpuser":
            self.users.setdefault(name, {}).update({k: v for k, v in values.items() if v})
        else:
            self.groups[name] = values

    def write(self) -> int:
        """Store what was kept; how many entities it touched."""
        return self._people_write()

    def _people_write(self) -> int:
        for group, values in self.groups.items():
            for member in values["members"]:
                self.users.setdefault(member, {})
        for user, groups in self.memberships.items():
            self.users.setdefault(user, {})
            for group in groups:
                self.groups.setdefault(group, {"members": []})["members"].append(user)
        if not (self.users or self.groups):
            return 0
        found = users_ensure(
            users=[UserProfile(name, **_profile(v)) for name, v in self.users.items()]
        )
        for name, values in self.users.items():
            _fill(found[name], _profile(values))
        made = groups_ensure(
            groups=[
                GroupProfile(name, members=tuple(sorted(set(v["members"]))))
                for name, v in self.groups.items()
            ]
        )
        for name, values in self.groups.items():
            group: Group = made[name]
            for key in ("display_name", "email", "description"):
                if values.get(key) is not None:
                    setattr(group, key, values[key])
            group.save(update_fields=["display_name", "email", "description"])
        return len(self.users) + len(self.groups)


def _parsed(entity_type: str, aspect: str, value: dict) -> dict[str, Any]:
    if aspect == "groupMembership":
        groups = [
            _name(_text(g, "group"), "urn:li:corpGroup:") for g in _list(value["groups"], "groups")
        ]
        return {"groups": groups}
    if entity_type == "corpuser":
        return {
            "display_name": _text(value.get("displayName") or value.get("fullName"), "displayName")[
                :200
            ],
            "email": _text(value.get("email"), "email")[:254],
            "title": _text(value.get("title"), "title")[:200],
        }
    members = [
        _name(_text(m, "member"), "urn:li:corpuser:")
        for m in _list(value.get("members"), "members")
    ]
    return {
        "display_name": _text(value.get("displayName"), "displayName")[:200] or None,
        "email": _text(value.get("email"), "email")[:254] or None,
        "description": _text(value.get("description"), "description") or None,
        "members": members,
    }


def _texts(parsed: dict[str, Any]) -> list[str]:
    values = []
    for value in parsed.values():
        values += value if isinstance(value, list) else [value] if isinstance(value, str) else []
    return values


def _profile(values: dict[str, str]) -> dict[str, str]:
    return {key: values.get(key, "") for key in ("display_name", "email", "title")}


def _fill(user: User, profile: dict[str, str]) -> None:
    """A person's profile in MDT is theirs: fill only what is empty."""
    changed = [key for key, value in profile.items() if value and not getattr(user, key)]
    for key in changed:
        setattr(user, key, profile[key])
    if changed:
        user.save(update_fields=changed)
