"""Le lecteur des tableaux déposés (brest_numerique/tableaux.py), commun aux imports
de logements et d'impayés : n'importe quels octets, sous un nom .csv ou .xlsx,
donnent des lignes de texte ou une ValidationError en français, jamais une autre
exception (qui serait une erreur 500 pour le bailleur qui dépose le fichier)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import example, given, settings
from hypothesis import strategies as st

from brest_numerique.tableaux import lire_tableau
from tests.conftest import LIMITE_CSV_DE_PYTHON

# Une cellule plus longue que ce qu'admet le module csv : l'audit l'a envoyée aux
# trois imports, qui répondaient 500.
CELLULE_DEMESUREE = "A" * (LIMITE_CSV_DE_PYTHON + 10)

pytestmark = pytest.mark.usefixtures("limite_csv_de_python")


def _fichier(nom: str, contenu: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(nom, contenu)


def test_un_csv_se_lit_en_cellules_de_texte_sans_espaces_autour():
    lignes = lire_tableau(_fichier("a.csv", b"ref;montant\n X-1 ; 1,10\n"))

    assert lignes == [["ref", "montant"], ["X-1", "1,10"]]


@pytest.mark.parametrize(
    ("contenu", "message"),
    [
        (
            f"ref;montant\nX-1;1\n{CELLULE_DEMESUREE};1\n".encode(),
            "Ligne 3\u00a0: ce CSV est mal formé",
        ),
        (f"{CELLULE_DEMESUREE};montant\n".encode(), "Ligne 1\u00a0: ce CSV est mal formé"),
        (b"ref\x00;montant\n", "données binaires"),
        (b"<script>alert(1)</script>", "balises HTML"),
    ],
)
def test_un_csv_illisible_est_refuse_avec_sa_raison(contenu, message):
    with pytest.raises(ValidationError) as refus:
        lire_tableau(_fichier("a.csv", contenu))

    assert message in refus.value.messages[0]


@settings(max_examples=60, deadline=None, database=None, derandomize=True)
@given(
    nom=st.sampled_from(["a.csv", "a.xlsx", "A.CSV", "a.txt"]),
    contenu=st.one_of(
        st.binary(max_size=2000),
        st.text(max_size=500).map(str.encode),
        st.lists(st.sampled_from([b"ref", b";", b",", b'"', b"\n", b"\r", b"\xe9"])).map(b"".join),
    ),
)
@example(nom="a.csv", contenu=CELLULE_DEMESUREE.encode())
@example(nom="a.xlsx", contenu=b"PK\x03\x04" + b"\x00" * 100)
def test_n_importe_quels_octets_donnent_des_lignes_ou_un_refus(nom, contenu):
    try:
        lignes = lire_tableau(_fichier(nom, contenu))
    except ValidationError as refus:
        assert refus.messages and all(m.strip() for m in refus.messages)
        return
    assert all(isinstance(c, str) and c == c.strip() for ligne in lignes for c in ligne)
