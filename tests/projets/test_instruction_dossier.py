"""La page d'un dossier à l'instruction et chacune de ses actions (avec leurs
refus), les annotations privées, les actions groupées de la liste, et le nombre
de requêtes de la page (voir aussi test_instruction.py)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from projets.instruction.models import Annotation
from projets.models import Dossier
from tests.factories import UserFactory
from tests.projets import outils_instruction as outils
from tests.projets.factories import dossier_depose
from tests.projets.outils_instruction import (
    Statut,
    commune,
    dossier_url,
    dossiers_en_masse,
    messages_de,
)

# Les fixtures communes (l'édition instruite, le client de son instructeur).
edition = outils.edition
client_instructeur = outils.client_instructeur

pytestmark = pytest.mark.django_db


# --- La page d'un dossier et ses actions --------------------------------------------


def test_la_page_du_dossier_montre_tout_le_dossier(client_instructeur, instructeur, edition):
    dossier = dossier_depose(
        edition=edition,
        titre="Webradio <b>des collégiens</b>",
        calendrier="De janvier à juin.",
    )
    dossier.communes.add(commune("29212", "Plouzané"))
    dossier.themes.add(edition.themes.first())
    Annotation.objects.create(dossier=dossier, auteur=instructeur, texte="Budget à vérifier.")

    page = client_instructeur.get(dossier_url(dossier))

    texte = page.content.decode()
    assert "Webradio &lt;b&gt;des collégiens&lt;/b&gt;" in texte  # échappé
    for attendu in (
        dossier.numero,
        dossier.structure.nom,
        dossier.structure.rna,
        "Dix séances le mercredi",
        "De janvier à juin.",
        "Plouzané",
        "Lien social",
        "Jeunes (12-25 ans)",
        "Intervenante",
        "Fonds propres",
        "4000",  # total des dépenses
        "Équilibré",
        "Le montant demandé respecte ce plafond.",
        "Budget à vérifier.",
        "Brouillon → Déposé",
    ):
        assert attendu in texte, attendu
    budget = page.context["budget"]
    assert budget["equilibre"] and budget["plafond"] == 2800  # 70 % de 4 000 €
    assert page.context["transitions"] == ["ouvrir_instruction", "declarer_irrecevable"]


def test_le_budget_desequilibre_ou_au_dessus_du_plafond_se_voit(client_instructeur, edition):
    dossier = dossier_depose(edition=edition)
    Dossier.objects.filter(pk=dossier.pk).update(montant_demande=3500)
    page = client_instructeur.get(dossier_url(dossier))
    budget = page.context["budget"]
    assert not budget["equilibre"] and budget["plafond_depasse"]
    assert "Le montant demandé dépasse ce plafond." in page.content.decode()


def _poster(client, dossier, nom, donnees=None, **kwargs):
    return client.post(dossier_url(dossier, nom), donnees or {}, **kwargs)


def test_passer_en_instruction_attribue_et_se_refuse_ensuite(
    client_instructeur, instructeur, edition
):
    dossier = dossier_depose(edition=edition)
    reponse = _poster(client_instructeur, dossier, "instruction:ouvrir_instruction", follow=True)
    dossier.refresh_from_db()
    assert dossier.statut == Statut.EN_INSTRUCTION and dossier.instructeur == instructeur
    assert "« en instruction »" in " ".join(messages_de(reponse))

    encore = _poster(client_instructeur, dossier, "instruction:ouvrir_instruction", follow=True)
    assert encore.status_code == 200
    assert "Impossible de passer en instruction" in " ".join(messages_de(encore))
    assert dossier.historique.count() == 2


def test_demander_des_complements(client_instructeur, instructeur, edition):
    dossier = dossier_depose(edition=edition)
    refus = _poster(
        client_instructeur,
        dossier,
        "instruction:demander_complements",
        {"texte": "Le devis.", "echeance": "2099-03-15"},
        follow=True,
    )
    assert "Impossible de demander des compléments" in " ".join(messages_de(refus))
    dossier.ouvrir_instruction(par=instructeur)

    vide = _poster(client_instructeur, dossier, "instruction:demander_complements", {})
    assert vide.status_code == 400
    texte = vide.content.decode()
    assert "Dites ce qui manque au dossier." in texte
    assert "Indiquez la date limite des compléments." in texte
    passee = _poster(
        client_instructeur,
        dossier,
        "instruction:demander_complements",
        {"texte": "Le devis signé.", "echeance": "01/01/2020"},
    )
    assert passee.status_code == 400
    assert "L&#x27;échéance ne peut pas être déjà passée." in passee.content.decode()
    assert "Le devis signé." in passee.content.decode()  # la saisie est gardée
    illisible = _poster(
        client_instructeur,
        dossier,
        "instruction:demander_complements",
        {"texte": "Le devis.", "echeance": "demain"},
    )
    assert "Cette date n&#x27;est pas lisible" in illisible.content.decode()
    dossier.refresh_from_db()
    assert dossier.statut == Statut.EN_INSTRUCTION

    jour = timezone.localdate() + timedelta(days=14)
    _poster(
        client_instructeur,
        dossier,
        "instruction:demander_complements",
        {"texte": "Le devis signé du matériel.", "echeance": jour.isoformat()},
    )
    dossier.refresh_from_db()
    assert dossier.statut == Statut.A_COMPLETER
    demande = dossier.demande_en_cours()
    assert demande.texte == "Le devis signé du matériel."
    assert timezone.localtime(demande.echeance).date() == jour
    assert timezone.localtime(demande.echeance).strftime("%H:%M:%S") == "23:59:59"
    page = client_instructeur.get(dossier_url(dossier)).content.decode()
    assert "compléments attendus au plus tard le" in page


def test_declarer_pret_pour_le_jury(client_instructeur, instructeur, edition):
    dossier = dossier_depose(edition=edition)
    refus = _poster(client_instructeur, dossier, "instruction:declarer_pret", follow=True)
    assert "Impossible de déclarer prêt pour le jury" in " ".join(messages_de(refus))
    dossier.ouvrir_instruction(par=instructeur)
    _poster(client_instructeur, dossier, "instruction:declarer_pret")
    dossier.refresh_from_db()
    assert dossier.statut == Statut.PRET_POUR_JURY


def test_declarer_irrecevable_exige_un_motif(client_instructeur, edition):
    dossier = dossier_depose(edition=edition)
    sans_motif = _poster(
        client_instructeur, dossier, "instruction:declarer_irrecevable", {"motif": "  "}
    )
    assert sans_motif.status_code == 400
    assert "Motivez l&#x27;irrecevabilité." in sans_motif.content.decode()
    dossier.refresh_from_db()
    assert dossier.statut == Statut.DEPOSE

    _poster(
        client_instructeur,
        dossier,
        "instruction:declarer_irrecevable",
        {"motif": "La structure n'est pas dans la métropole."},
    )
    dossier.refresh_from_db()
    assert dossier.statut == Statut.IRRECEVABLE
    assert dossier.historique.first().motif == "La structure n'est pas dans la métropole."
    encore = _poster(
        client_instructeur,
        dossier,
        "instruction:declarer_irrecevable",
        {"motif": "Encore."},
        follow=True,
    )
    assert "Impossible de déclarer irrecevable" in " ".join(messages_de(encore))


def test_marquer_a_suivre_puis_ne_plus_suivre(client_instructeur, edition):
    dossier = dossier_depose(edition=edition)
    _poster(client_instructeur, dossier, "instruction:marquer_a_suivre", {"a_suivre": "on"})
    dossier.refresh_from_db()
    assert dossier.a_suivre
    _poster(client_instructeur, dossier, "instruction:marquer_a_suivre", {})
    dossier.refresh_from_db()
    assert not dossier.a_suivre


def test_attribuer_a_un_instructeur_de_l_edition_seulement(
    client_instructeur, instructeur, edition
):
    from brest_numerique.comptes.roles import Role

    collegue = UserFactory(role=Role.INSTRUCTEURS, first_name="Maël", last_name="Quéré")
    edition.instructeurs.add(collegue)
    etranger = UserFactory(role=Role.INSTRUCTEURS)
    dossier = dossier_depose(edition=edition)
    version = dossier.version

    _poster(client_instructeur, dossier, "instruction:attribuer", {"instructeur": collegue.pk})
    dossier.refresh_from_db()
    assert dossier.instructeur == collegue
    assert dossier.version == version  # la version du candidat ne bouge pas

    refus = _poster(
        client_instructeur, dossier, "instruction:attribuer", {"instructeur": etranger.pk}
    )
    assert refus.status_code == 400
    assert "Choisissez un instructeur de cette édition." in refus.content.decode()
    for illisible in ("abc", "", "99999999999999999999999"):
        reponse = _poster(
            client_instructeur, dossier, "instruction:attribuer", {"instructeur": illisible}
        )
        assert reponse.status_code == 400
    dossier.refresh_from_db()
    assert dossier.instructeur == collegue

    _poster(client_instructeur, dossier, "instruction:attribuer", {"instructeur": "aucun"})
    dossier.refresh_from_db()
    assert dossier.instructeur is None


def test_les_annotations_sont_privees(client, client_instructeur, instructeur, edition):
    dossier = dossier_depose(edition=edition)
    vide = _poster(client_instructeur, dossier, "instruction:annoter", {"texte": "   "})
    assert vide.status_code == 400
    assert "Écrivez l&#x27;annotation." in vide.content.decode()
    _poster(
        client_instructeur, dossier, "instruction:annoter", {"texte": "Président <injoignable>."}
    )
    annotation = Annotation.objects.get()
    assert (annotation.dossier, annotation.auteur) == (dossier, instructeur)
    page = client_instructeur.get(dossier_url(dossier)).content.decode()
    assert "Président &lt;injoignable&gt;." in page

    # Ni les courriels envoyés à la structure, ni ses pages ne la montrent.
    from brest_numerique.notifications.models import Notification

    assert not any(
        "injoignable" in (n.sujet + n.corps_texte + n.corps_html)
        for n in Notification.objects.all()
    )
    membre = dossier.structure.membres.first().user
    client.force_login(membre)
    for nom in ("projets:dossier", "projets:messages"):
        reponse = client.get(reverse(nom, args=[dossier.pk]))
        assert reponse.status_code == 200, nom
        assert "injoignable" not in reponse.content.decode()
    assert client.get(dossier_url(dossier)).status_code == 403


def _dossier_garni(edition, instructeur, nombre):
    """Un dossier en instruction avec `nombre` lignes de budget, étapes
    d'historique, annotations, thèmes et lieux."""
    from papi.models import Commune
    from projets.models import HistoriqueDossier, Theme

    dossier = dossiers_en_masse(edition, 1, lignes=nombre)[0]
    dossier.ouvrir_instruction(par=instructeur)
    HistoriqueDossier.objects.bulk_create(
        HistoriqueDossier(dossier=dossier, de="depose", vers="en_instruction", par=instructeur)
        for _ in range(nombre)
    )
    Annotation.objects.bulk_create(
        Annotation(dossier=dossier, auteur=instructeur, texte=f"Note {rang}")
        for rang in range(nombre)
    )
    themes = Theme.objects.bulk_create(
        Theme(libelle=f"Thème garni {dossier.pk}-{rang}", slug=f"garni-{dossier.pk}-{rang}")
        for rang in range(nombre)
    )
    dossier.themes.add(*themes)
    dossier.communes.add(commune("29212", "Plouzané"), *Commune.objects.all())
    return dossier


def test_la_page_du_dossier_tient_en_douze_requetes_quelle_que_soit_sa_taille(
    client_instructeur, instructeur, edition, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # Un premier affichage garde les droits du compte (comptes/droits.py) : on compare
    # ensuite des affichages ordinaires.
    outils.page_de(client_instructeur, "instruction:edition", edition.annee)
    comptes = []
    for nombre in (2, 80):
        dossier = _dossier_garni(edition, instructeur, nombre)
        with CaptureQueriesContext(connection) as requetes:
            reponse = client_instructeur.get(dossier_url(dossier))
        assert reponse.status_code == 200
        assert len(reponse.context["annotations"]) == nombre
        assert len(reponse.context["historique"]) == nombre + 1  # + passer en instruction
        assert len(reponse.context["budget"]["depenses"]) == nombre
        comptes.append(len(requetes))
    assert comptes[0] == comptes[1]
    with django_assert_max_num_queries(12):
        client_instructeur.get(dossier_url(dossier))


# --- Actions groupées ----------------------------------------------------------------


def _groupe(client, edition, **donnees):
    return client.post(
        reverse("instruction:actions_groupees", args=[edition.annee]), donnees, follow=True
    )


def test_passer_en_instruction_en_groupe(client_instructeur, instructeur, edition):
    a, b = dossier_depose(edition=edition), dossier_depose(edition=edition)
    b.ouvrir_instruction(par=instructeur)
    ailleurs = dossier_depose()

    reponse = _groupe(
        client_instructeur,
        edition,
        action="ouvrir_instruction",
        dossiers=[a.pk, b.pk, ailleurs.pk],
        requete="statut=depose&page=1",
    )

    assert reponse.redirect_chain[-1][0].endswith(
        f"/instruction/{edition.annee}/?statut=depose&page=1"
    )
    textes = " ".join(messages_de(reponse))
    assert f"Passés en instruction\u00a0: {a.numero}." in textes
    assert f"{b.numero} : Impossible de passer en instruction" in textes
    assert "1 dossier(s) introuvable(s)" in textes
    statuts = dict(Dossier.objects.values_list("pk", "statut"))
    assert statuts[a.pk] == Statut.EN_INSTRUCTION and statuts[ailleurs.pk] == Statut.DEPOSE


def test_attribuer_en_groupe(client_instructeur, instructeur, edition):
    dossiers = [dossier_depose(edition=edition) for _ in range(3)]
    sans_instructeur = _groupe(
        client_instructeur, edition, action="attribuer", dossiers=[d.pk for d in dossiers]
    )
    assert "Choisissez à qui attribuer" in " ".join(messages_de(sans_instructeur))
    _groupe(
        client_instructeur,
        edition,
        action="attribuer",
        instructeur=str(instructeur.pk),
        dossiers=[d.pk for d in dossiers[:2]],
    )
    attribues = set(Dossier.objects.filter(instructeur=instructeur).values_list("pk", flat=True))
    assert attribues == {dossiers[0].pk, dossiers[1].pk}


@pytest.mark.parametrize(
    "donnees",
    [
        {"action": "ouvrir_instruction"},
        {"action": "ouvrir_instruction", "dossiers": ["abc"]},
        {"action": "ouvrir_instruction", "dossiers": ["²"]},
        {"action": "supprimer", "dossiers": ["1"]},
        {"dossiers": ["1"]},
        {"action": "attribuer", "instructeur": "x", "dossiers": ["1"]},
        {"action": "ouvrir_instruction", "dossiers": ["1"], "requete": "a=\r\nSet-Cookie: x"},
    ],
)
def test_une_action_groupee_malformee_est_refusee_sans_erreur(client_instructeur, edition, donnees):
    dossier = dossier_depose(edition=edition)
    donnees = {k: ([str(dossier.pk)] if v == ["1"] else v) for k, v in donnees.items()}
    reponse = client_instructeur.post(
        reverse("instruction:actions_groupees", args=[edition.annee]), donnees
    )
    assert reponse.status_code == 302
    assert "\n" not in reponse["Location"]
    dossier.refresh_from_db()
    if "requete" not in donnees:
        assert dossier.statut == Statut.DEPOSE


def test_le_service_refuse_un_instructeur_hors_de_l_edition(instructeur, edition):
    from django.core.exceptions import ValidationError

    from brest_numerique.comptes.roles import Role
    from projets.instruction.services import dossier_attribuer

    dossier = dossier_depose(edition=edition)
    etranger = UserFactory(role=Role.INSTRUCTEURS)
    with pytest.raises(ValidationError, match="un instructeur de cette édition"):
        dossier_attribuer(dossier=dossier, instructeur_id=etranger.pk)
    dossier_attribuer(dossier=dossier, instructeur_id=instructeur.pk)
    dossier.refresh_from_db()
    assert dossier.instructeur == instructeur
