"""Event data holds codes and ids, never words shown to people (issue 12): rows written before
are converted to the shape the services write now, and back on reverse.

| action | before | after |
|---|---|---|
| create | ``priority``: level name | ``priority``: level code (``reasons`` stay: the rule's text) |
| request_feedback | ``asked``: "Pelapor" or a team name | ``asked``: "reporter", or "team" + ``team`` id |
| escalate | ``from_team``/``to_team``: team names | team ids |
| reclassify | ``before``/``after``: "Kategori / Sub (Prioritas)" | ``from_``/``to_subcategory`` ids, ``from_``/``to_priority`` codes |
| rate | ``chips``: labels | chip ids |
| release | ``from_assignee``: a name | a user id |

A value that no longer matches anything (a team or chip renamed since) keeps its old words: the
readers never needed them (notifications name the event's own team), and nothing is lost.
Rows already in the new shape are left alone, so the migration can run twice."""

from django.db import migrations

ACTIONS = ("create", "request_feedback", "escalate", "reclassify", "rate", "release")
BATCH = 2000
ASKED_REPORTER_WORD = "Pelapor"


class Lookups:
    """Master data by its display words, read once per run."""

    def __init__(self, apps):
        Team = apps.get_model("accounts", "Team")
        PriorityLevel = apps.get_model("catalog", "PriorityLevel")
        RatingChip = apps.get_model("catalog", "RatingChip")
        SubCategory = apps.get_model("catalog", "SubCategory")
        self.team_id = dict(Team.objects.values_list("name", "pk"))
        self.team_name = {pk: name for name, pk in self.team_id.items()}
        levels = list(PriorityLevel.objects.values_list("name", "code"))
        self.priority_code = dict(levels)
        self.priority_name = {code: name for name, code in levels}
        self.chips = list(RatingChip.objects.values_list("pk", "label", "min_stars", "max_stars"))
        self.subcategories = {
            sub.pk: (sub.category.application_id, sub.category.name, sub.name)
            for sub in SubCategory.objects.select_related("category")
        }
        self.classification = {
            (application, f"{category} / {sub} ({level})"): (pk, code)
            for pk, (application, category, sub) in self.subcategories.items()
            for level, code in levels
        }

    def chip_id(self, label, stars):
        found = [pk for pk, text, low, high in self.chips if text == label and low <= stars <= high]
        return found[0] if len(found) == 1 else None

    def chip_label(self, pk):
        return next((text for chip, text, _low, _high in self.chips if chip == pk), None)

    def classification_text(self, subcategory_id, priority_code):
        found = self.subcategories.get(subcategory_id)
        level = self.priority_name.get(priority_code)
        if found is None or level is None:
            return None
        _application, category, sub = found
        return f"{category} / {sub} ({level})"


def _person_name(user):
    return str(user.full_name or user.username).rstrip(".")


def _forward_one(apps, event, application_id, look):
    data = dict(event.data or {})
    action = event.action
    if action == "create":
        name = data.get("priority")
        if name in look.priority_code:
            data["priority"] = look.priority_code[name]
    elif action == "request_feedback":
        asked = data.get("asked")
        if asked == ASKED_REPORTER_WORD:
            data["asked"] = "reporter"
        elif asked in look.team_id:
            data.update(asked="team", team=look.team_id[asked])
    elif action == "escalate":
        source, target = data.get("from_team"), data.get("to_team")
        if isinstance(target, str) and target in look.team_id:
            data["to_team"] = look.team_id[target]
        if isinstance(source, str) and source in look.team_id:
            data["from_team"] = look.team_id[source]
    elif action == "reclassify":
        before = look.classification.get((application_id, data.get("before")))
        after = look.classification.get((application_id, data.get("after")))
        if before is not None and after is not None:
            data = {
                "from_subcategory": before[0],
                "from_priority": before[1],
                "to_subcategory": after[0],
                "to_priority": after[1],
            }
    elif action == "rate":
        stars, labels = data.get("stars"), data.get("chips") or []
        if isinstance(stars, int) and all(isinstance(label, str) for label in labels):
            ids = [look.chip_id(label, stars) for label in labels]
            if None not in ids:
                data["chips"] = ids
    elif action == "release":
        data = _release_forward(apps, event, data)
    return data


def _release_forward(apps, event, data):
    """The departed assignee: the last assignee the ticket's history names before the release,
    if their name is the one written."""
    name = data.get("from_assignee")
    if not isinstance(name, str):
        return data
    TicketEvent = apps.get_model("tickets", "TicketEvent")
    earlier = (
        TicketEvent.objects.filter(ticket_id=event.ticket_id, pk__lt=event.pk)
        .exclude(assignee=None)
        .select_related("assignee")
        .order_by("-pk")
        .first()
    )
    if earlier is not None and _person_name(earlier.assignee) == name:
        data["from_assignee"] = earlier.assignee_id
    return data


def _backward_one(apps, event, application_id, look):
    data = dict(event.data or {})
    action = event.action
    if action == "create":
        code = data.get("priority")
        if code in look.priority_name:
            data["priority"] = look.priority_name[code]
    elif action == "request_feedback":
        if data.get("asked") == "reporter":
            data = {"asked": ASKED_REPORTER_WORD}
        elif data.get("asked") == "team" and data.get("team") in look.team_name:
            data = {"asked": look.team_name[data["team"]]}
    elif action == "escalate":
        for key in ("from_team", "to_team"):
            if data.get(key) in look.team_name:
                data[key] = look.team_name[data[key]]
    elif action == "reclassify" and "to_subcategory" in data:
        before = look.classification_text(data["from_subcategory"], data["from_priority"])
        after = look.classification_text(data["to_subcategory"], data["to_priority"])
        if before is not None and after is not None:
            data = {"before": before, "after": after}
    elif action == "rate":
        labels = [look.chip_label(pk) for pk in data.get("chips") or []]
        if labels and None not in labels:
            data["chips"] = labels
    elif action == "release" and isinstance(data.get("from_assignee"), int):
        User = apps.get_model("accounts", "User")
        user = User.objects.filter(pk=data["from_assignee"]).first()
        if user is not None:
            data["from_assignee"] = _person_name(user)
    return data


def _convert(apps, convert_one):
    TicketEvent = apps.get_model("tickets", "TicketEvent")
    look = Lookups(apps)
    events = (
        TicketEvent.objects.filter(action__in=ACTIONS)
        .select_related("ticket")
        .only("pk", "action", "data", "ticket_id", "ticket__application_id")
        .order_by("pk")
    )
    changed = []
    for event in events.iterator(chunk_size=BATCH):
        data = convert_one(apps, event, event.ticket.application_id, look)
        if data != event.data:
            event.data = data
            changed.append(event)
        if len(changed) >= BATCH:
            TicketEvent.objects.bulk_update(changed, ["data"])
            changed = []
    if changed:
        TicketEvent.objects.bulk_update(changed, ["data"])


def forward(apps, schema_editor):
    _convert(apps, _forward_one)


def backward(apps, schema_editor):
    _convert(apps, _backward_one)


class Migration(migrations.Migration):
    dependencies = [
        ("tickets", "0008_title_one_line"),
        ("accounts", "0001_initial"),
        ("catalog", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=True)]
