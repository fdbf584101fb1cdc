"""The solver's explanations, violations and penalties in the officer's words, with names and times.

The solver speaks in codes and ids (it knows nothing of languages or the database); here they become
sentences that say what is wrong and what to change.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from app.core.config import get_settings
from app.core.i18n import N_
from app.core.i18n import gettext as _
from app.duty.kinds import QUALIFICATIONS
from app.duty.tables import Post, Staff
from solver import roster as engine

EXPLANATIONS = {
    "short": N_("{post}, {time}: нужно {need}, можно поставить {available}. "
                "Добавьте дежурных, свободных в это время, или уменьшите минимум поста."),
    "short_qualified": N_("{post}, {time}: нужно {need} с квалификацией «{qualification}», доступно {available}. "
                          "Отметьте квалификацию у сотрудников или снизьте требование поста."),
    "short_stretch": N_("{post}, {time}: нужно {need}, но простоять на посту подряд положенное время могут только "
                        "{available}. Сократите минимальное время на посту, разрешите больше часов в день "
                        "или добавьте дежурных, свободных всё это время."),
    "short_stretch_qualified": N_("{post}, {time}: нужно {need} с квалификацией «{qualification}», но простоять на "
                                  "посту подряд положенное время могут только {available}. Сократите минимальное "
                                  "время на посту или отметьте квалификацию у других сотрудников."),
    "short_shift": N_("{post}, {time}: нужно {need} на смену, но отстоять её целиком могут только {available}. "
                      "Разбейте смену на более короткие или добавьте дежурных, свободных всю смену."),
    "short_shift_qualified": N_("{post}, {time}: на смену нужно {need} с квалификацией «{qualification}», а отстоять "
                                "её целиком могут только {available}. Отметьте квалификацию у сотрудников, "
                                "разбейте смену или снизьте требование поста."),
    # A re-plan's lost stretch that no one person took over whole (person: whose it was).
    "handover_nobody": N_("{post}, {time}: смену сотрудника {person} никто из свободных не может простоять целиком "
                          "(часы за день, перерыв, доступность), поэтому она передана по частям или частично "
                          "осталась незанятой — проверьте изменения в графике."),
    "handover_taken": N_("{post}, {time}: смену сотрудника {person} целиком могли бы простоять другие (сотрудников: "
                         "{available}), но они нужны на других освободившихся сменах, поэтому она передана "
                         "по частям или частично осталась незанятой — проверьте изменения в графике."),
    "pin_unavailable": N_("{person} закреплён(а) на посту «{post}» в {time}, но в это время недоступен(на)."),
    "pin_unqualified": N_("{person} закреплён(а) на посту «{post}» в {time} без нужной квалификации."),
    "pin_gender": N_("{person} закреплён(а) на посту «{post}» в {time}, но пост требует другого пола."),
    "pin_overlap": N_("{person} закреплён(а) в двух местах одновременно ({time})."),
    "pin_absent": N_("{person} отмечен(а) как неявка, но закреплён(а) на посту «{post}»."),
    "pin_hours": N_("У {person} закреплено больше часов за день, чем разрешено."),
    "pin_unknown": N_("Закрепление ссылается на пост или смену, которых больше нет: снимите его."),
    "pin_rest": N_("У {person} между закреплёнными сменами ({time}) перерыв короче положенного отдыха."),
    "unknown": N_("График не составить, но конкретную причину найти не удалось: "
                  "проверьте минимумы постов и доступность дежурных."),
}

VIOLATIONS = {
    "coverage": N_("{post}, {time}: людей меньше минимума."),
    "qualification": N_("{person}: нет квалификации, которой требует пост «{post}»."),
    "qualification_post": N_("{post}, {time}: людей с квалификацией, которой требует пост, меньше нужного."),
    "gender": N_("{person}: пост «{post}» требует другого пола."),
    "availability": N_("{person} в {time} недоступен(на)."),
    "overlap": N_("{person} в {time} оказался(ась) бы в двух местах одновременно."),
    "hours": N_("{person}: превышен лимит часов за день."),
    "rest": N_("{person}: слишком короткий перерыв между дежурствами ({time})."),
    "pinned": N_("{person}: закреплённая смена на посту «{post}» снята."),
    "absent": N_("{person} отмечен(а) как неявка."),
    "stretch": N_("{person}: на посту «{post}» меньше положенного времени подряд ({time})."),
    "shift": N_("{person}: смена на посту «{post}» занята не целиком ({time})."),
    "post_switch": N_("{person} в {time} переходит на пост «{post}» без перерыва."),
    "break": N_("{person}: на посту «{post}» без перерыва дольше положенного ({time})."),
    "stretches": N_("{person}: больше выходов на пост за день, чем разрешено."),
    # a cell whose person is no longer active, or whose post or slot is gone (a post's hours moved)
    "unknown": N_("{person}, пост «{post}», {time}: сотрудник больше не действует или такой смены на посту нет."),
}


def _clock(minute: int | None) -> str:
    if minute is None:
        return ""
    return datetime.fromtimestamp(minute * 60, get_settings().tz).strftime("%H:%M")


def qualification_label(code: str) -> str:
    if code.startswith("lang:"):
        return _("язык: {lang}").format(lang=code.removeprefix("lang:"))
    return _(QUALIFICATIONS[code]) if code in QUALIFICATIONS else code


async def _names(post_ids: Iterable[int | None], person_ids: Iterable[int | None]) -> tuple[dict, dict]:
    """Post names by id, and (full name, gender) of staff by id."""
    posts = {r["id"]: r["name"] for r in await Post.select(Post.id, Post.name).where(
        Post.id.is_in([i for i in post_ids if i] or [0]))}
    people = {r["id"]: (r["full_name"], r["gender"]) for r in await Staff.select(
        Staff.id, Staff.full_name, Staff.gender).where(Staff.id.is_in([i for i in person_ids if i] or [0]))}
    return posts, people


# The texts name a person of either gender with both endings («закреплён(а)»); where the registry knows theirs,
# the sentence takes it.
_ENDINGS = {"закреплён(а)": ("закреплён", "закреплена"), "недоступен(на)": ("недоступен", "недоступна"),
            "оказался(ась)": ("оказался", "оказалась"), "отмечен(а)": ("отмечен", "отмечена")}


def _gendered(text: str, gender: str) -> str:
    if gender not in ("m", "f"):
        return text
    for both, (male, female) in _ENDINGS.items():
        text = text.replace(both, male if gender == "m" else female)
    return text


def _fill(template: str, item: Mapping, posts: dict, people: dict) -> str:
    start, end = item.get("start"), item.get("end")
    when = f"{_clock(start)}–{_clock(end)}" if end else _clock(start)
    name, gender = people.get(item.get("person"), ("?", ""))
    return _gendered(_(template).format(post=posts.get(item.get("post"), "?"), person=name, time=when,
                                        need=item.get("need", 0), available=item.get("available", 0),
                                        qualification=qualification_label(item.get("qualification", ""))), gender)


async def explanation_texts(items: list[Mapping]) -> list[str]:
    posts, people = await _names((i.get("post") for i in items), (i.get("person") for i in items))
    return [_fill(EXPLANATIONS.get(i["code"], EXPLANATIONS["unknown"]), i, posts, people) for i in items]


async def violation_text(violation: engine.Violation, end: int | None = None) -> str:
    """The violation in words; `end`: the same holds up to that minute (a run of slots, «09:00–11:00»)."""
    posts, people = await _names([violation.post], [violation.person])
    item = {"post": violation.post, "person": violation.person, "start": violation.start, "end": end}
    code = f"{violation.code}_post" if violation.person is None and f"{violation.code}_post" in VIOLATIONS \
        else violation.code  # a shortfall of the post's, not of one person
    return _fill(VIOLATIONS.get(code, VIOLATIONS["unknown"]), item, posts, people)
