"""La lecture des lignes de la file (commentaires/lignes_de_la_file.py), écrite en
SQL : chaque ligne dit ce que l'ORM dirait du même commentaire (champs, nom du
parent, historique de l'adresse, page commentée), dans l'ordre de la file."""

from datetime import timedelta

import pytest
from django.utils import timezone

from commentaires.lignes_de_la_file import LigneDeLaFile, lignes_de_la_file
from commentaires.models import Commentaire
from tests.commentaires.factories import CommentaireFactory
from tests.papi.factories import LieuFactory

pytestmark = pytest.mark.django_db

STATUTS = [statut for statut, _ in Commentaire.Statut.choices]


def _attendue(commentaire: Commentaire) -> LigneDeLaFile:
    """La ligne, calculée par l'ORM, commentaire par commentaire."""
    meme_adresse = Commentaire.objects.filter(email=commentaire.email)
    return LigneDeLaFile(
        pk=commentaire.pk,
        nom=commentaire.nom,
        email=commentaire.email,
        statut=commentaire.statut,
        cree_le=commentaire.cree_le,
        probablement_indesirable=commentaire.probablement_indesirable,
        texte=commentaire.texte,
        content_type_id=commentaire.content_type_id,
        object_id=commentaire.object_id,
        nom_du_parent=commentaire.parent.nom if commentaire.parent else None,
        publies_de_l_auteur=meme_adresse.filter(statut="publie").count(),
        refuses_de_l_auteur=meme_adresse.filter(statut__in=["rejete", "spam"]).count(),
        objet=commentaire.objet,
    )


@pytest.fixture
def historique():
    """Trois adresses aux historiques variés, sur deux lieux dont l'un sera
    supprimé, avec des réponses ; les dates croisent les statuts."""
    lieux = [LieuFactory(nom="Médiathèque de Saint-Martin"), LieuFactory(nom="Maison du Bourg")]
    debut = timezone.now() - timedelta(days=30)
    commentaires = []
    for rang in range(36):
        commentaires.append(
            CommentaireFactory(
                objet=lieux[rang % 2],
                email=f"auteur{rang % 3}@exemple.fr",
                nom=f"Auteur {rang}",
                statut=STATUTS[rang % len(STATUTS)],
                probablement_indesirable=rang % 4 == 0,
                parent=commentaires[rang - 5] if rang % 5 == 4 else None,
                cree_le=debut + timedelta(hours=(rang * 7) % 36),
            )
        )
    lieux[1].delete()  # ses commentaires restent : leur page est « supprimée »
    return commentaires


@pytest.mark.parametrize("statuts", [["en_attente", "masque"], ["publie"], STATUTS])
@pytest.mark.parametrize(("debut", "fin"), [(0, 25), (5, 12), (30, 60)])
def test_chaque_ligne_est_celle_que_l_orm_lirait(historique, statuts, debut, fin):
    selection = Commentaire.objects.filter(statut__in=statuts).order_by("cree_le", "pk")
    tranche = selection.values_list("pk", flat=True)[debut:fin]

    lignes = lignes_de_la_file(tranche)

    attendues = [_attendue(commentaire) for commentaire in selection[debut:fin]]
    assert lignes == attendues


def test_l_historique_compte_chaque_statut_de_la_meme_adresse(historique):
    lieu = LieuFactory()
    for statut in ["publie"] * 2 + ["rejete"] * 3 + ["spam", "en_attente", "masque"]:
        CommentaireFactory(objet=lieu, email="gwen@exemple.fr", statut=statut)
    nouveau = CommentaireFactory(objet=lieu, email="gwen@exemple.fr")

    (ligne,) = lignes_de_la_file(Commentaire.objects.filter(pk=nouveau.pk).values_list("pk"))

    assert (ligne.publies_de_l_auteur, ligne.refuses_de_l_auteur) == (2, 4)
    assert ligne.objet == lieu and ligne.nom_du_parent is None
    assert ligne.cree_le == nouveau.cree_le and ligne.cree_le.tzinfo is not None


def test_une_tranche_vide_ne_lit_rien(historique, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert lignes_de_la_file(Commentaire.objects.values_list("pk", flat=True)[0:0]) == []
