from __future__ import annotations

from _analysis_helpers import docs_of
from newsdesk.analyze import analyze


def test_aliases_and_kinds() -> None:
    analysis = analyze(
        docs_of(
            "Prime Minister David Cameron met officials in London. Mr. Cameron spoke to the "
            "United Nations about the U.K. budget.",
            "Britain's leader Cameron told the U.N. that the UK would pay. The Foreign Office "
            "agreed.",
        )
    )
    by = {e.name: e for e in analysis.entities}
    assert by["David Cameron"].kind == "person"
    assert {"Cameron", "David Cameron"} <= set(by["David Cameron"].aliases)
    assert {"U.K.", "Britain", "UK"} <= set(by["United Kingdom"].aliases)
    assert by["United Nations"].kind == "organization"
    assert by["Foreign Office"].kind == "organization"
    assert by["London"].kind == "place"
    assert "Prime" not in by and "The" not in by


def test_sentence_adverbs_place_prefixes_and_plural_possessives() -> None:
    from _analysis_helpers import docs_of
    from newsdesk.analyze.entities import find_mentions

    text = "Sometimes Cruz Riojas misbehaved. He moved to San Antonio. The Riojas' home was small."
    got = {(m.key, m.kind) for m in find_mentions(docs_of(text)[0])}
    assert ("Cruz Riojas", "person") in got
    assert ("San Antonio", "place") in got
    assert not any(k.startswith("Sometimes") or k.endswith("'") for k, _ in got)


def _mentions(text: str, vocab: str = "") -> dict[str, tuple[str, str | None]]:
    """key → (kind, role) of the mentions ``find_mentions`` finds in one article;
    ``vocab``: text whose lower-case words count as common words of the cluster."""
    from newsdesk.analyze.entities import find_mentions, lowercase_vocabulary

    docs = docs_of(text, vocab) if vocab else docs_of(text)
    found = find_mentions(docs[0], lowercase_vocabulary(docs))
    for m in found:
        assert text[m.start : m.end] == m.text == m.key
    return {m.key: (m.kind, m.role) for m in found}


def _canon(*texts: str) -> dict[str, str]:
    from newsdesk.analyze.entities import find_mentions, group_entities, lowercase_vocabulary

    docs = docs_of(*texts)
    vocab = lowercase_vocabulary(docs)
    return group_entities([m for d in docs for m in find_mentions(d, vocab)])[1]


def test_names_joined_by_and_are_two_mentions() -> None:
    got = _mentions(
        "Kerry and Ban said it was critical. Gale and Cruz formed a bond. They became "
        "Cruz Riojas Hooper and Anel Montemayor-Hooper. Officers of the Eureka Police "
        "Department and Humboldt County Sheriff's Office searched. So did United and "
        "United Express."
    )
    for key in ("Kerry", "Ban", "Gale", "Cruz", "Eureka Police Department", "United"):
        assert key in got
    assert got["Cruz Riojas Hooper"][0] == "person"
    assert "Anel Montemayor-Hooper" in got
    assert "Humboldt County Sheriff's Office" in got and "United Express" in got
    assert not any(" and " in k for k in got)


def test_and_inside_one_organisation_name_stays() -> None:
    got = _mentions(
        "The Securities and Exchange Commission, the Australian Communications and Media "
        "Authority and the Department of Health and Human Services agreed. The Globe and "
        "Mail reported it, as did the Arts and Humanities Research Council and Wiltshire "
        "Museum."
    )
    assert got["Securities and Exchange Commission"][0] == "organization"
    assert "Australian Communications and Media Authority" in got
    assert "Department of Health and Human Services" in got
    assert "Globe and Mail" in got
    # the second "and" follows a complete name: a list
    assert "Arts and Humanities Research Council" in got and "Wiltshire Museum" in got


def test_a_possessive_before_a_name_is_its_own_mention() -> None:
    got = _mentions(
        "Ethiopia's Lelisa Desisa won. London's Metropolitan Police called. Greig and "
        "Christian's Hot 30 show ended. A look at Yellin's Instagram page. CNN's Jim Acosta "
        "asked."
    )
    assert got["Lelisa Desisa"][0] == "person" and "Ethiopia" in got
    assert got["Metropolitan Police"][0] == "organization" and "London" in got
    for key in ("Greig", "Christian", "Yellin", "Instagram", "Jim Acosta", "CNN"):
        assert key in got
    assert not any("'s " in k for k in got)


def test_a_possessive_inside_a_name_stays() -> None:
    got = _mentions(
        "The Humboldt County Sheriff's Office, King Edward VII's Hospital, St. James's "
        "Palace and the Children's Hospital said so. The Attorney General's Office agreed.",
        vocab="the children played",
    )
    for key in (
        "Humboldt County Sheriff's Office",
        "King Edward VII's Hospital",
        "St. James's Palace",
        "Children's Hospital",
        "Attorney General's Office",
    ):
        assert key in got
    assert "It" not in _mentions("It's over. It’s done, Assange's lawyer said.")


def test_adjectives_made_of_names_are_not_part_of_the_name() -> None:
    got = _mentions(
        "The Brexit-supporting Daily Express ran it. Chicago-based Boeing and the Andreessen "
        "Horowitz-backed startup met Secretary-General Ban Ki-moon. The T-shaped mark."
    )
    assert got["Daily Express"][0] == "organization"
    assert "Boeing" in got and "Andreessen Horowitz" in got
    assert got["Ban Ki-moon"] == ("person", "Secretary-General")
    assert not any("-" in k and k != "Ban Ki-moon" for k in got)


def test_arabic_articles_and_particles_inside_names() -> None:
    text = (
        "Hamas official Khalil al-Haya spoke. Later al-Haya said more, and Haya left. "
        "Osama bin Laden was named. The town of Havre de Grace is small."
    )
    got = _mentions(text)
    assert got["Khalil al-Haya"][0] == "person"
    assert got["Osama bin Laden"][0] == "person"
    assert got["Havre de Grace"][0] != "person"  # Romance particles also name places
    assert "Haya" in got and "al-Haya" in got
    canon = _canon(text)
    assert canon["al-Haya"] == canon["Haya"] == "Khalil al-Haya"


def test_titles_inside_a_span_split_the_employer_from_the_person() -> None:
    got = _mentions(
        "Wells Fargo CEO John Stumpf testified. Senate Majority Leader Harry Reid spoke. "
        "Nebraska Sen. Ben Sasse objected. Russian President Vladimir Putin agreed. The "
        "Federal Trade Commission sued. UN High Commissioner for Human Rights Navi Pillay "
        "said so."
    )
    assert got["Wells Fargo"][0] == "organization"
    assert got["John Stumpf"] == ("person", "CEO")
    assert got["Harry Reid"] == ("person", "Majority Leader") and "Senate" in got
    assert got["Ben Sasse"][0] == "person" and "Nebraska" in got
    assert got["Vladimir Putin"] == ("person", "Russian President")
    assert "Federal Trade Commission" in got  # "Trade" alone is no title
    assert got["Navi Pillay"][0] == "person" and "UN" in got


def test_a_span_over_a_sentence_end_keeps_the_names_after_it() -> None:
    got = _mentions("He became Cruz Riojas Hooper. Mel Greig and Michael Christian wept.")
    assert {"Cruz Riojas Hooper", "Mel Greig", "Michael Christian"} <= set(got)
    # a possessive is typed by the name, not by "News's"
    assert _mentions("ABC News's anchor spoke.")["ABC News"][0] == "organization"


def test_sentence_adverbs_times_and_weekdays_are_not_names() -> None:
    got = _mentions(
        "Fortunately Kieran heard. Kimberly Smith laughed. Anatoly Karpov won. At 4:30 "
        "A.M. Hamas fired. "
        "Whether Stumpf knew is unclear. Kanye West Tuesday said no. Crown Prince Mohammed "
        "bin Salman came."
    )
    # given names ending in -ly stay
    assert "Kieran" in got and "Kimberly Smith" in got and "Anatoly Karpov" in got
    assert "Hamas" in got and "Stumpf" in got and "Kanye West" in got
    assert got["Mohammed bin Salman"] == ("person", "Crown Prince")
    assert not any(k.split()[0] in {"Fortunately", "A.M.", "Whether"} for k in got)


def test_a_name_grouped_with_its_longer_form_and_a_misspelt_surname() -> None:
    canon = _canon(
        "Cruz Riojas was a terror. His teacher, Linda Hooper, took him in. Riojas became "
        "Cruz Riojas Hooper. Mel Greig and Michael Christian apologised. Grieg cried. "
        "Kevin Spacey declined. Kevin Spacey I must say is here.",
    )
    assert canon["Cruz Riojas"] == canon["Riojas"] == "Cruz Riojas Hooper"
    assert canon["Linda Hooper"] == "Linda Hooper"
    assert canon["Grieg"] == "Mel Greig"
    # "I" is no family name of the cluster: no longer form
    assert canon["Kevin Spacey"] == "Kevin Spacey"
    # a swap that fits two surnames, or a short word, is left alone
    canon = _canon("Mel Greig and Tom Grige came. Grieg left. Ann Roen came. Rone left.")
    assert canon["Grieg"] == "Grieg" and canon["Rone"] == "Rone"


def test_a_determiner_opening_a_sentence_is_not_a_name() -> None:
    from _analysis_helpers import docs_of
    from newsdesk.analyze.entities import find_mentions

    text = "Talks failed. Several U.S. officials said Assange broke the law."
    keys = {m.key for m in find_mentions(docs_of(text)[0])}
    assert "U.S." in keys
    assert not any(k.startswith("Several") for k in keys)


def test_the_words_around_a_name_type_it() -> None:
    got = _mentions(
        "Thirty bodies were found, although rescue official Supriyadi said more might sink. "
        "Another official, Basarnas, who leads the search, works from the port of Pangkalan "
        "Bun in Borneo. Jakarta said nothing."
    )
    assert got["Supriyadi"][0] == "person"  # a role word before it
    assert got["Basarnas"][0] == "person"  # "who" after it
    assert got["Pangkalan Bun"][0] == "place"  # "the port of ..."
    assert got["Jakarta"][0] != "person"
    # a name an outlet's noun follows is the outlet ("the Jawa Pos newspaper")
    got = _mentions("The teenager told Indonesia’s Jawa Pos newspaper she was excited.")
    assert got["Jawa Pos"][0] == "organization"


def test_a_surname_misspelt_by_one_letter_groups_with_the_usual_spelling() -> None:
    canon = _canon(
        "Ariel Winter posted a photo. Ariel Winter wore a dress.",
        "Fans met Ariel Winder on Monday. Ariel Winter left.",
    )
    assert canon["Ariel Winder"] == "Ariel Winter"
    # four letters or fewer: too short to call a typo
    assert _canon("Tom Lane met Tom Lone.").get("Tom Lone") == "Tom Lone"


def test_a_region_of_a_place_a_national_branch_and_the_body_after_a_title() -> None:
    got = _mentions(
        "The oldest site is at Puritjarra in western Central Australia, far from the coast. "
        "Indonesia AirAsia suspended its flights. Djoko Murdjatmodjo, Indonesia's acting "
        "Director General of Air Transportation, said on Saturday that the ministry would act."
    )
    assert got["Central Australia"][0] == "place"
    assert got["Indonesia AirAsia"][0] == "organization"
    assert got["Air Transportation"][0] == "organization"
    assert got["Djoko Murdjatmodjo"][0] == "person"


def test_a_firm_leading_a_two_word_name_is_not_a_person() -> None:
    got = _mentions("In a video on her Instagram Story, the actress explained her plan.")
    assert got["Instagram Story"][0] != "person"


def test_a_single_name_after_a_title_is_a_person() -> None:
    got = _mentions(
        "President Obama praised the first responders. Deputy Home Affairs Minister Wan "
        "Junaidi Jaafar denied it."
    )
    assert got["Obama"][0] == "person"
    assert got.get("Affairs", ("other",))[0] != "person"


def _kinds(text: str) -> dict[str, str]:
    from newsdesk.analyze.entities import find_mentions

    return {m.key: m.kind for m in find_mentions(docs_of(text)[0])}


def test_more_titles_and_romance_particles_inside_a_given_name() -> None:
    text = (
        "The warehouse was boarded up, Palmer City Clerk Janette Bower said. Public Advocate "
        "Bill de Blasio came too. The Banco de Chile agreed."
    )
    got = _kinds(text)
    assert got["Janette Bower"] == "person"
    assert got["Bill de Blasio"] == "person"
    assert got["Banco de Chile"] != "person"


def test_a_firm_named_for_its_trade_and_a_ship_are_not_people() -> None:
    text = (
        "It surprised Reunion Pictures' Matthew O'Connor. The frigate INS Mysore fired on the "
        "boats, and the USS Cole stood by. It rattled AMR Research and the Carlyle Group."
    )
    got = _kinds(text)
    assert got["Reunion Pictures"] == "organization"
    assert got["AMR Research"] == "organization"
    assert got["Carlyle Group"] == "organization"
    assert got["Matthew O'Connor"] == "person"
    assert got["INS Mysore"] != "person"
    assert got["USS Cole"] != "person"


def test_a_country_leading_a_name_is_a_firm_though_a_rare_first_name_too() -> None:
    got = _kinds("The cut was confirmed by France Telecom. Georgia Smith, a diver, saw it.")
    assert got["France Telecom"] == "organization"
    assert got["Georgia Smith"] == "person"


def test_every_country_is_a_place_and_a_first_name_still_leads_a_person() -> None:
    got = _kinds(
        "Bombs fell near the border between Sudan and South Sudan. Chad Smith, an aid "
        "worker from Burkina Faso, saw them."
    )
    assert got["Sudan"] == "place"
    assert got["South Sudan"] == "place"
    assert got["Burkina Faso"] == "place"
    assert got["Chad Smith"] == "person"


def test_a_coalition_and_a_caucus_are_organisations() -> None:
    analysis = analyze(
        docs_of(
            "The Harbor Investment Coalition backed the plan on Monday, and the Rural "
            "Women Caucus opposed it."
        )
    )
    kinds = {e.name: e.kind for e in analysis.entities}
    assert kinds["Harbor Investment Coalition"] == "organization"
    assert kinds["Rural Women Caucus"] == "organization"


def test_a_dateline_in_capitals_is_the_place_it_names() -> None:
    analysis = analyze(
        docs_of(
            "LOS ANGELES, Sept. 28 (UPI) — Mary Blige sang to Hillary Clinton on her show.\n\n"
            "“Promise mama you’ll keep your hands in sight,” Blige sings to Clinton."
        )
    )
    kinds = {e.name: e.kind for e in analysis.entities}
    assert kinds["LOS ANGELES"] == "place"
    assert [q.speaker for q in analysis.quotes] == ["Mary Blige"]
