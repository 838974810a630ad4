"""La fiche d'un lieu : contact d'abord, itinéraire, téléphones, jour du jour,
« Signaler une erreur » replié, feuille d'impression."""

import re
from datetime import datetime

import pytest
import time_machine
from django.core.cache import cache, caches
from django.core.cache.utils import make_template_fragment_key
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from papi import horaires
from papi import referentiel as ref
from papi.horaires import PARIS
from papi.services import version_des_lieux
from tests.commentaires.factories import CommentaireFactory
from tests.papi.factories import LieuFactory

pytestmark = pytest.mark.django_db


def fiche(client, lieu, **params) -> str:
    reponse = client.get(lieu.get_absolute_url(), params)
    assert reponse.status_code == 200
    return reponse.content.decode()


def rendre(gabarit: str, **contexte) -> str:
    return Template("{% load telephones %}" + gabarit).render(Context(contexte))


def test_l_adresse_l_etat_et_le_contact_precedent_les_horaires_dans_le_html(client):
    lieu = LieuFactory(adresse="12 rue de Siam", telephone="+33298000000")
    html = fiche(client, lieu)
    positions = [
        html.index('class="etat '),
        html.index("12 rue de Siam"),
        html.index("tel:+33298000000"),
        html.index('id="titre-horaires"'),
        html.index('id="titre-services"'),
        html.index('id="carte"'),
    ]
    assert positions == sorted(positions)


def test_le_nombre_de_requetes_ne_depend_pas_du_contenu_du_lieu(client):
    """Ni les services, ni les modalités, ni les contacts d'un lieu ne coûtent de
    requête : une fiche de 3 lignes et une fiche de 30 en font autant."""

    def requetes(lieu) -> int:
        with CaptureQueriesContext(connection) as capture:
            fiche(client, lieu)
        return len(capture)

    def lieu_de(taille: int):
        return LieuFactory(
            courriels=[f"accueil{i}@lieu.exemple" for i in range(taille)],
            site_web=[f"https://lieu.exemple/{i}" for i in range(taille)],
            services=ref.SERVICES[: min(taille, len(ref.SERVICES))],
            modalites_acces=ref.MODALITES_ACCES[: min(taille, len(ref.MODALITES_ACCES))],
            telephone="+33298000000",
        )

    petit, grand = lieu_de(3), lieu_de(30)
    # Une première page remplit les caches du processus (types de contenu).
    fiche(client, LieuFactory())
    assert requetes(petit) == requetes(grand)


class TestDetailsGardes:
    """Les détails d'une fiche (contact, horaires, services) se gardent à part, dans
    la mémoire du processus (alias template_fragments), sous une clé qui suit le lieu."""

    def test_ils_se_gardent_hors_de_redis(self, client):
        lieu = LieuFactory(telephone="+33298000000")
        fiche(client, lieu)

        assert caches["template_fragments"] is not cache
        assert caches["template_fragments"].get(cle_du_fragment(lieu)) is not None
        assert cache.get(cle_du_fragment(lieu)) is None

    def test_un_lieu_modifie_se_voit_a_l_affichage_suivant(self, client):
        lieu = LieuFactory(telephone="+33298000000")
        assert "02 98 00 00 00" in fiche(client, lieu, _="1")

        lieu.telephone = "+33298111111"
        lieu.save()

        html = fiche(client, lieu, _="2")
        assert "02 98 11 11 11" in html and "02 98 00 00 00" not in html


def cle_du_fragment(lieu) -> str:
    """La clé du fragment des détails, telle que {% cache %} la forme."""
    aujourdhui = horaires.aujourdhui(lieu.horaires, timezone.now())
    return make_template_fragment_key(
        "fiche-du-lieu",
        [lieu.pk, lieu.modifie_le, version_des_lieux(), aujourdhui.jour, aujourdhui.ferie],
    )


class TestItineraire:
    def test_le_lien_mene_a_l_itineraire_openstreetmap_jusqu_au_lieu(self, client):
        lieu = LieuFactory(nom="Médiathèque des Capucins", latitude=48.3865, longitude=-4.502)
        html = fiche(client, lieu)
        lien = re.search(r'<p class="itineraire"><a href="([^"]+)"[^>]*>(.*?)</a>', html)
        assert lien.group(1) == (
            "https://www.openstreetmap.org/directions?route=%3B48.3865%2C-4.502"
        )
        # Le nom accessible dit où mène le lien et vers quel site.
        texte = re.sub(r"<[^>]+>", "", lien.group(2))
        assert texte == "Itinéraire vers Médiathèque des Capucins (OpenStreetMap)"

    def test_sans_coordonnees_pas_d_itineraire(self, client):
        lieu = LieuFactory(latitude=None, longitude=None)
        html = fiche(client, lieu)
        assert "Itinéraire" not in html
        assert "openstreetmap.org/directions" not in html


class TestTelephones:
    def test_la_fiche_montre_le_numero_au_format_national_avec_un_lien_tel(self, client):
        html = fiche(client, LieuFactory(telephone="+33298000000"))
        assert '<a class="telephone" href="tel:+33298000000">02 98 00 00 00</a>' in html

    def test_un_numero_accepte_par_l_import_mais_inexistant_reste_sans_lien(self, client):
        # +33 et six chiffres passent le contrôle du standard, mais aucun numéro
        # français n'a cette longueur : on l'affiche sans le faire composer.
        html = fiche(client, LieuFactory(telephone="+33123456"))
        assert "<li>Téléphone : +33123456</li>" in html.replace("\xa0", " ")
        assert "tel:" not in html

    @pytest.mark.parametrize(
        ("numero", "lien"),
        [
            ("+33298000000", '<a class="telephone" href="tel:+33298000000">02 98 00 00 00</a>'),
            ("+33612345678", '<a class="telephone" href="tel:+33612345678">06 12 34 56 78</a>'),
            # Outre-mer : le format national de la Guadeloupe.
            ("+590590123456", '<a class="telephone" href="tel:+590590123456">0590 12 34 56</a>'),
            ("02 98 00 00 00", '<a class="telephone" href="tel:+33298000000">02 98 00 00 00</a>'),
        ],
    )
    def test_le_filtre_formate_et_lie(self, numero, lien):
        assert rendre("{{ numero|lien_telephone }}", numero=numero) == lien

    @pytest.mark.parametrize("numero", ["+33123456", "appeler l'accueil", "<b>12</b>"])
    def test_un_numero_illisible_s_affiche_tel_quel_sans_lien(self, numero):
        rendu = rendre("{{ numero|lien_telephone }}", numero=numero)
        assert "tel:" not in rendu and "<a" not in rendu
        assert rendu == numero.replace("'", "&#x27;").replace("<", "&lt;").replace(">", "&gt;")

    def test_sans_numero_rien(self):
        assert rendre("[{{ numero|lien_telephone }}]", numero="") == "[]"


class TestTelephonerSansNumero:
    def test_sans_numero_la_modalite_le_dit(self, client):
        lieu = LieuFactory(telephone="", modalites_acces=["Se présenter", "Téléphoner"])
        html = fiche(client, lieu)
        assert "<dd>Se présenter, Téléphoner (numéro non renseigné)</dd>" in html
        assert "tel:" not in html

    def test_avec_un_numero_la_modalite_reste_telle_quelle(self, client):
        lieu = LieuFactory(telephone="+33298000000", modalites_acces=["Téléphoner"])
        html = fiche(client, lieu)
        assert "<dd>Téléphoner</dd>" in html


def ligne_du_jour(html: str) -> str:
    lignes = re.findall(
        r'<tr class="horaires__aujourdhui" aria-current="date">.*?</tr>', html, re.S
    )
    assert len(lignes) == 1, lignes
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", lignes[0])).strip()


class TestJourDuJour:
    def test_la_ligne_du_jour_est_surlignee_et_annoncee(self, client):
        lieu = LieuFactory(horaires="Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00; PH off")
        # Mardi 1er décembre 2026, 10 h à Paris.
        with time_machine.travel(datetime(2026, 12, 1, 10, tzinfo=PARIS), tick=False):
            html = fiche(client, lieu)
        assert ligne_du_jour(html) == "Mardi (aujourd'hui) 9 h – 12 h, 14 h – 18 h"
        assert html.count('aria-current="date"') == 1

    def test_le_jour_est_celui_de_paris_et_non_celui_de_l_heure_universelle(self, client):
        lieu = LieuFactory(horaires="Mo-Su 09:00-18:00")
        # Lundi 23 h 30 UTC : mardi 0 h 30 à Paris.
        with time_machine.travel(datetime.fromisoformat("2026-11-30T23:30:00+00:00"), tick=False):
            html = fiche(client, lieu)
        assert ligne_du_jour(html).startswith("Mardi (aujourd'hui)")

    def test_un_jour_ferie_renvoie_aux_horaires_des_jours_feries(self, client):
        lieu = LieuFactory(horaires="Mo-Fr 09:00-18:00; PH off")
        # Vendredi 25 décembre 2026, Noël.
        with time_machine.travel(datetime(2026, 12, 25, 10, tzinfo=PARIS), tick=False):
            html = fiche(client, lieu)
        assert ligne_du_jour(html) == (
            "Vendredi (aujourd'hui, jour férié : voir ci-dessous) 9 h – 18 h"
        )
        assert "Fermé les jours fériés." in html

    def test_sans_horaires_pas_de_tableau(self, client):
        html = fiche(client, LieuFactory(horaires=""))
        assert 'aria-current="date"' not in html
        assert "Horaires non renseignés" in html


class TestSignalerReplie:
    def test_le_formulaire_est_replie_par_defaut(self, client):
        html = fiche(client, LieuFactory())
        assert '<details class="signaler" id="signaler">' in html
        assert "<summary>Signaler une erreur</summary>" in html

    def test_un_envoi_avec_erreurs_rouvre_le_formulaire_et_y_ramene(self, client):
        lieu = LieuFactory()
        reponse = client.post(
            f"{lieu.get_absolute_url()}signaler/", {"message": "", "email": "pas-une-adresse"}
        )
        html = reponse.content.decode()
        assert reponse.status_code == 400
        assert '<details class="signaler" id="signaler" open>' in html
        # L'erreur est à côté du champ, et la saisie est gardée.
        assert re.search(r'id="id_message_error">Ce champ est obligatoire', html)
        assert 'value="pas-une-adresse"' in html
        # Le résumé d'erreurs (includes/resume_erreurs.html) est dans le formulaire
        # replié, qu'il ouvre : son lien mène au champ.
        details = html[html.index('<details class="signaler"') : html.index("</details>")]
        assert 'class="resume-erreurs"' in details and 'href="#id_message"' in details
        # L'action vise le résumé : le navigateur y revient et lui donne le focus.
        assert f'action="{lieu.get_absolute_url()}signaler/#resume-erreurs"' in html
        assert re.search(r'<div [^>]*id="resume-erreurs"[^>]*tabindex="-1"', details)

    def test_un_get_sur_l_adresse_de_l_envoi_ramene_au_formulaire(self, client):
        # La page d'erreur rechargée, mise en favori ou partagée : jamais de 405.
        lieu = LieuFactory()
        reponse = client.get(f"{lieu.get_absolute_url()}signaler/")
        assert reponse.status_code == 302
        assert reponse["Location"] == f"{lieu.get_absolute_url()}#signaler"
        assert client.get(reponse["Location"]).status_code == 200


def _regles(css: str) -> list[tuple[set[str], str]]:
    """(sélecteurs, déclarations) de chaque règle, commentaires ôtés."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    return [
        ({s.strip() for s in selecteurs.split(",")}, declarations)
        for selecteurs, declarations in re.findall(r"([^{}]+)\{([^{}]*)\}", css)
    ]


class TestImpression:
    def test_la_fiche_lie_la_feuille_d_impression(self, client):
        html = fiche(client, LieuFactory())
        lien = re.search(r'<link rel="stylesheet" href="([^"]+)" media="print">', html)
        assert lien and re.search(r"/css/impression(\.[0-9a-f]+)?\.css$", lien.group(1))

    def test_la_feuille_cache_navigation_carte_formulaires_commentaires_et_pied(self, client):
        lien = re.search(
            r'<link rel="stylesheet" href="([^"]+)" media="print">', fiche(client, LieuFactory())
        ).group(1)
        # La feuille telle que le portail la sert (WhiteNoise, nom avec empreinte).
        reponse = client.get(lien)
        assert reponse.status_code == 200
        regles = _regles(b"".join(reponse.streaming_content).decode())
        caches = set().union(*(sel for sel, decl in regles if re.search(r"display:\s*none", decl)))
        for selecteur in (
            ".navigation",
            ".entete",
            ".pied",
            ".carte-papi",
            "form",
            ".commentaires",
        ):
            assert selecteur in caches, selecteur
        # Les horaires, les services et le contact restent : rien ne les cache.
        for selecteur in (".horaires", ".fiche__principal", ".fiche__contact", "main"):
            assert selecteur not in caches, selecteur
        assert any("@page" in sel and "A4" in decl for sels, decl in regles for sel in sels)


class TestDetailsGardesAPart:
    """Le contact et les détails d'un lieu sont gardés à part de la page
    (templates/papi/detail.html) : un commentaire publié ou la minute suivante
    refont la page sans eux, un changement du lieu ou du jour les refait."""

    def test_un_commentaire_publie_refait_la_page_et_garde_les_details(
        self, client, webmestre, django_capture_on_commit_callbacks
    ):
        lieu = LieuFactory(adresse="12 rue de Siam")
        assert "12 rue de Siam" in fiche(client, lieu)
        # Écrit sans passer par save() ni le service : ni la date de modification
        # ni la version des lieux ne bougent, les détails gardés restent ceux d'avant.
        type(lieu).objects.filter(pk=lieu.pk).update(adresse="3 place de la Liberté")
        commentaire = CommentaireFactory(objet=lieu, texte="Texte repérable 7310")
        with django_capture_on_commit_callbacks(execute=True):
            commentaire.approuver(par=webmestre)

        html = fiche(client, lieu)
        assert "Texte repérable 7310" in html
        assert "12 rue de Siam" in html

    def test_un_lieu_enregistre_se_voit_aussitot(self, client, citoyen):
        # Connecté : la page entière n'est pas gardée, seuls les détails le sont.
        client.force_login(citoyen)
        lieu = LieuFactory(adresse="12 rue de Siam")
        assert "12 rue de Siam" in fiche(client, lieu)
        lieu.adresse = "3 place de la Liberté"
        lieu.save()

        html = fiche(client, lieu)
        assert "3 place de la Liberté" in html
        assert "12 rue de Siam" not in html

    def test_un_lieu_modifie_par_le_service_se_voit_aussitot(
        self, client, django_capture_on_commit_callbacks
    ):
        from papi.services import lieux_modifies

        lieu = LieuFactory(adresse="12 rue de Siam")
        assert "12 rue de Siam" in fiche(client, lieu)
        type(lieu).objects.filter(pk=lieu.pk).update(adresse="3 place de la Liberté")
        with django_capture_on_commit_callbacks(execute=True):
            lieux_modifies()

        assert "3 place de la Liberté" in fiche(client, lieu)

    def test_le_lendemain_la_ligne_du_jour_suit(self, client, citoyen):
        client.force_login(citoyen)
        lieu = LieuFactory(horaires="Mo-Su 09:00-18:00")
        with time_machine.travel(datetime(2026, 12, 1, 10, tzinfo=PARIS), tick=False):
            assert ligne_du_jour(fiche(client, lieu)).startswith("Mardi (aujourd'hui)")
        with time_machine.travel(datetime(2026, 12, 2, 10, tzinfo=PARIS), tick=False):
            assert ligne_du_jour(fiche(client, lieu)).startswith("Mercredi (aujourd'hui)")
