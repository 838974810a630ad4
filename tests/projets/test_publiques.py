"""Les pages publiques de l'appel à projets : l'édition en cours et ses dates,
le compte à rebours, les éditions passées, le calendrier iCal, la bannière de
l'accueil et le cache des visiteurs anonymes."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine
from django.core.files.base import ContentFile
from django.urls import reverse

from programmes.pages_initiales import pages_initiales_creer
from projets.models import AppelAProjets, Theme
from projets.publics import appel_ouvert
from tests.projets.factories import EditionFactory, ThemeFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
# Le 19 janvier 2027 à midi, heure de Paris : l'édition 2027 ferme dans 12 jours.
MIDI_LE_19 = datetime(2027, 1, 19, 12, 0, tzinfo=PARIS)


def edition_2027(**champs) -> AppelAProjets:
    valeurs = {
        "annee": 2027,
        "titre": "Appel à projets multimédias 2027",
        "ouverture": datetime(2026, 12, 1, 9, 0, tzinfo=PARIS),
        "cloture": datetime(2027, 1, 31, 23, 59, 59, tzinfo=PARIS),
        "deliberation_le": date(2027, 3, 1),
        "resultats_le": date(2027, 4, 15),
        "montant_max": 3000,
        "part_max": 70,
        "enveloppe": 60000,
        "reglement": "Article 1 : les projets se déroulent dans la métropole.",
    }
    return EditionFactory(**(valeurs | champs))


def edition_close(annee: int) -> AppelAProjets:
    return EditionFactory(
        annee=annee,
        ouverture=datetime(annee - 1, 12, 1, 9, 0, tzinfo=PARIS),
        cloture=datetime(annee, 1, 31, 23, 59, 59, tzinfo=PARIS),
        deliberation_le=date(annee, 3, 1),
        resultats_le=date(annee, 4, 15),
    )


def page(client, url="/appels-a-projets/") -> str:
    reponse = client.get(url)
    assert reponse.status_code == 200
    return reponse.content.decode()


# --- La page de l'édition en cours ------------------------------------------------------


def test_sans_aucune_edition_la_page_le_dit(client):
    html = page(client)

    assert "Aucune édition n'est annoncée" in html
    assert "Les éditions passées" not in html


@time_machine.travel(MIDI_LE_19, tick=False)
def test_l_edition_ouverte_dit_ce_qui_est_finance_ses_dates_son_compte_a_rebours_et_ses_plafonds(
    client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    edition = edition_2027(
        presentation="Des ateliers de création <vidéo> dans les quartiers.",
        eligibilite="Les associations de la métropole.",
    )
    edition.reglement_pdf.save("reglement-2027.pdf", ContentFile(b"%PDF-1.4"))

    html = page(client)

    assert "<h1>Appel à projets multimédias 2027</h1>" in html
    assert "Dépôt ouvert" in html
    assert "jusqu'au 31 janvier 2027 à 23 h 59 (heure de Paris)" in html
    assert "plus que 12 jours" in html
    assert 'data-cloture="2027-01-31T23:59:59+01:00"' in html
    # Contenu saisi échappé, plafonds lisibles, règlement et son PDF.
    assert "création &lt;vidéo&gt;" in html
    assert "Les associations de la métropole." in html
    assert "3\u00a0000\u00a0€" in html and "70\u202f%" in html and "60\u00a0000\u00a0€" in html
    assert "Article 1 : les projets" in html
    assert edition.reglement_pdf.url in html
    # Comment candidater : créer le dossier, l'espace candidat, la fiche de structure.
    assert reverse("projets:dossier_creer", args=[2027]) in html
    assert reverse("projets:espace") in html
    assert reverse("projets:structure_creer") in html
    assert reverse("projets:edition_ical", args=[2027]) in html
    # Compte à rebours actualisé par un fichier statique : aucun script en ligne (CSP).
    assert "compte_a_rebours" in html and "<script>" not in html


@time_machine.travel(datetime(2027, 1, 31, 18, 0, tzinfo=PARIS), tick=False)
def test_le_dernier_jour_la_page_dit_que_le_depot_ferme_ce_soir(client):
    edition_2027()

    html = page(client)

    assert "dernier jour\u00a0: le dépôt ferme ce soir à 23 h 59" in html


@time_machine.travel(datetime(2027, 2, 1, 0, 0, 0, tzinfo=PARIS), tick=False)
def test_a_minuit_le_depot_est_clos_et_le_compte_a_rebours_disparait(client):
    edition_2027()

    html = page(client)

    assert "est clos depuis le 31 janvier 2027 à 23 h 59" in html
    assert "plus que" not in html and "compte_a_rebours" not in html
    assert "Déposer un dossier" not in html


@time_machine.travel(MIDI_LE_19, tick=False)
def test_la_page_montre_la_plus_recente_edition_ouverte_et_liste_les_passees(client):
    edition_close(2025)
    edition_close(2026)
    edition_2027()
    EditionFactory(  # annoncée, pas encore ouverte : ni en tête, ni « passée »
        annee=2028,
        titre="Appel 2028",
        ouverture=datetime(2027, 12, 1, 9, 0, tzinfo=PARIS),
        cloture=datetime(2028, 1, 31, 23, 59, 59, tzinfo=PARIS),
        deliberation_le=date(2028, 3, 1),
        resultats_le=date(2028, 4, 15),
    )

    html = page(client)

    assert "<h1>Appel à projets multimédias 2027</h1>" in html
    passees = html.split("Les éditions passées")[1]
    assert reverse("projets:edition", args=[2026]) in passees
    assert reverse("projets:edition", args=[2025]) in passees
    assert passees.index("2026") < passees.index("2025")
    assert "Appel 2028" not in html


@time_machine.travel(datetime(2026, 11, 20, 12, 0, tzinfo=PARIS), tick=False)
def test_a_defaut_d_edition_ouverte_la_page_annonce_la_prochaine(client):
    edition_2027()

    html = page(client)

    assert "<h1>Appel à projets multimédias 2027</h1>" in html
    assert "ouvrira le 1er décembre 2026 à 9 h 00 (heure de Paris)" in html
    assert "dans 11 jours" in html


@time_machine.travel(MIDI_LE_19, tick=False)
def test_chaque_edition_a_sa_page_et_une_annee_inconnue_repond_404(client):
    edition_close(2025)
    edition_2027()

    html = page(client, reverse("projets:edition", args=[2025]))

    assert "Appel à projets multimédias 2025" in html
    assert "est clos depuis le 31 janvier 2025" in html
    assert reverse("projets:edition", args=[2027]) in html.split("Les éditions passées")[1]
    assert client.get(reverse("projets:edition", args=[1999])).status_code == 404
    assert client.get("/appels-a-projets/deux-mille/").status_code == 404


@time_machine.travel(MIDI_LE_19, tick=False)
def test_la_page_gardee_en_cache_change_des_qu_une_edition_est_enregistree(
    client, django_capture_on_commit_callbacks
):
    edition = edition_2027()
    assert "multimédias 2027" in page(client)

    # Une écriture qui contourne save() ne périme rien : la page vient bien du cache…
    AppelAProjets.objects.filter(pk=edition.pk).update(titre="Titre changé en douce")
    assert "multimédias 2027" in page(client)

    # … mais une édition enregistrée change la version des pages : la page suit.
    edition.titre = "Appel à projets 2027, nouvelle formule"
    with django_capture_on_commit_callbacks(execute=True):
        edition.save()
    assert "nouvelle formule" in page(client)


@time_machine.travel(MIDI_LE_19, tick=False)
def test_la_page_gardee_en_cache_suit_les_themes_de_l_edition(
    client, django_capture_on_commit_callbacks
):
    edition = edition_2027()
    assert "Lien social" in page(client)

    with django_capture_on_commit_callbacks(execute=True):
        edition.themes.add(ThemeFactory(libelle="Création vidéo", slug="video"))
    assert "Création vidéo" in page(client)

    with django_capture_on_commit_callbacks(execute=True):
        Theme.objects.filter(slug="video").get().delete()
    assert "Création vidéo" not in page(client)


@time_machine.travel(MIDI_LE_19, tick=False)
def test_la_page_publique_tient_en_un_nombre_fixe_de_requetes(
    client, django_assert_max_num_queries
):
    for annee in range(2015, 2027):
        edition_close(annee)
    edition_2027()

    with django_assert_max_num_queries(4):
        html = page(client)

    assert html.count('href="/appels-a-projets/20') >= 12


# --- Le calendrier iCal -----------------------------------------------------------------


def test_le_calendrier_porte_les_quatre_dates_cles_a_l_heure_de_paris(client):
    edition_2027()

    reponse = client.get(reverse("projets:edition_ical", args=[2027]))

    assert reponse.status_code == 200
    assert reponse["Content-Type"].startswith("text/calendar")
    agenda = icalendar.Calendar.from_ical(reponse.content)
    evenements = {str(e["UID"]): e for e in agenda.walk("VEVENT")}
    assert len(evenements) == 4
    par_etape = {
        uid.split("@")[0].removeprefix("appel-a-projets-2027-"): e for uid, e in evenements.items()
    }
    ouverture = par_etape["ouverture"].decoded("DTSTART")
    cloture = par_etape["cloture"].decoded("DTSTART")
    assert ouverture == datetime(2026, 12, 1, 9, 0, tzinfo=PARIS)
    assert cloture == datetime(2027, 1, 31, 23, 59, 59, tzinfo=PARIS)
    assert str(cloture.tzinfo) == "Europe/Paris"
    assert par_etape["deliberation"].decoded("DTSTART") == date(2027, 3, 1)
    assert par_etape["resultats"].decoded("DTSTART") == date(2027, 4, 15)
    assert par_etape["resultats"].decoded("DTEND") == date(2027, 4, 16)
    assert "Clôture du dépôt" in str(par_etape["cloture"]["SUMMARY"])
    # Le fuseau est décrit dans le fichier, pour les agendas qui ne le connaissent pas.
    assert [str(tz["TZID"]) for tz in agenda.walk("VTIMEZONE")] == ["Europe/Paris"]


def test_les_uid_du_calendrier_ne_changent_pas_quand_une_date_change(client):
    edition = edition_2027()
    url = reverse("projets:edition_ical", args=[2027])
    avant = {
        str(e["UID"]) for e in icalendar.Calendar.from_ical(client.get(url).content).walk("VEVENT")
    }

    edition.cloture += timedelta(days=7)
    edition.save()
    apres = icalendar.Calendar.from_ical(client.get(url).content)

    assert {str(e["UID"]) for e in apres.walk("VEVENT")} == avant
    clotures = [e for e in apres.walk("VEVENT") if "cloture" in str(e["UID"])]
    assert clotures[0].decoded("DTSTART") == datetime(2027, 2, 7, 23, 59, 59, tzinfo=PARIS)


def test_le_calendrier_d_une_annee_inconnue_repond_404(client):
    assert client.get(reverse("projets:edition_ical", args=[2031])).status_code == 404


# --- Ce que voit le reste du portail : appel_ouvert() et la bannière de l'accueil -------------


def test_sans_edition_ouverte_appel_ouvert_ne_rend_rien():
    assert appel_ouvert() is None
    edition_close(2025)
    assert appel_ouvert() is None


def test_appel_ouvert_rend_l_edition_ouverte_jugee_a_la_seconde():
    edition = edition_2027()

    with time_machine.travel(datetime(2027, 1, 31, 23, 59, 59, 900000, tzinfo=PARIS)):
        appel = appel_ouvert()
    with time_machine.travel(datetime(2027, 2, 1, 0, 0, 0, tzinfo=PARIS)):
        apres = appel_ouvert()

    assert appel.titre == edition.titre
    assert appel.cloture == edition.cloture
    assert appel.url == reverse("projets:edition", args=[2027])
    assert apres is None


@time_machine.travel(MIDI_LE_19, tick=False)
def test_l_accueil_annonce_l_appel_ouvert_sa_cloture_et_ses_jours_restants(client):
    pages_initiales_creer()
    edition_2027()

    html = page(client, "/")

    assert "L'appel à projets multimédias est ouvert" in html
    assert "Appel à projets multimédias 2027" in html
    assert "Clôture le 31 janvier 2027 à 23 h 59" in html
    assert "dans 12 jours" in html
    assert 'href="/appels-a-projets/2027/"' in html


@time_machine.travel(datetime(2027, 2, 1, 0, 0, 0, tzinfo=PARIS), tick=False)
def test_l_accueil_ne_montre_plus_la_banniere_une_fois_le_depot_clos(client):
    pages_initiales_creer()
    edition_2027()

    assert "est ouvert" not in page(client, "/")


@pytest.mark.parametrize("annee", ["99999999999999999999", "0", "65536"])
def test_une_annee_hors_limites_repond_404_et_non_500(client, annee):
    EditionFactory()

    assert client.get(f"/appels-a-projets/{annee}/").status_code == 404
    assert client.get(f"/appels-a-projets/{annee}/calendrier.ics").status_code == 404
