"""Les archives ZIP : le dossier pour l'instruction (récapitulatif PDF et pièces
jointes), les données d'une structure pour elle-même (RGPD).

Les noms dans l'archive ne viennent jamais tels quels d'une saisie : ils sont
ramenés à des caractères sûrs (ni chemin, ni « .. », ni caractère de contrôle) et
rendus uniques, sans quoi deux pièces « devis.pdf » s'écraseraient à l'extraction."""

import json
import re
import tempfile
import unicodedata
import zipfile
from pathlib import PurePosixPath

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _

from projets.exports import donnees, pdf
from projets.models import Dossier, Structure
from projets.pieces.models import PieceJointe

LONGUEUR_MAX = 100
NON_SUR = re.compile(r"[^A-Za-z0-9._-]+")
# Noms de périphériques que Windows refuse comme noms de fichiers.
RESERVES_WINDOWS = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10))} | {
    f"lpt{i}" for i in range(1, 10)
}


def nom_sur(nom: str, *, defaut: str = "piece") -> str:
    """Un nom de fichier sans chemin ni caractère douteux, extension gardée."""
    nom = PurePosixPath(nom.replace("\\", "/")).name
    nom = unicodedata.normalize("NFKD", nom).encode("ascii", "ignore").decode()
    nom = NON_SUR.sub("-", nom).strip(".-_ ")
    racine, point, extension = nom.rpartition(".")
    if not point:
        racine, extension = nom, ""
    racine = racine.strip(".-_") or defaut
    if racine.lower() in RESERVES_WINDOWS:
        racine = f"{racine}-{defaut}"
    extension = extension[:10]
    racine = racine[: LONGUEUR_MAX - len(extension) - 1]
    return f"{racine}.{extension}" if extension else racine


class NomsUniques:
    """Donne à chaque nom sa version unique dans l'archive (« devis-2.pdf »…)."""

    def __init__(self) -> None:
        self._pris: set[str] = set()

    def __call__(self, dossier: str, nom: str) -> str:
        racine, point, extension = nom.rpartition(".")
        if not point:
            racine, extension = nom, ""
        candidat, rang = nom, 1
        while f"{dossier}{candidat}".lower() in self._pris:
            rang += 1
            candidat = f"{racine}-{rang}.{extension}" if extension else f"{racine}-{rang}"
        self._pris.add(f"{dossier}{candidat}".lower())
        return f"{dossier}{candidat}"


def _ajouter_pieces(
    archive: zipfile.ZipFile, pieces: list[PieceJointe], noms: NomsUniques, dossier: str
) -> None:
    for piece in pieces:
        # Le nom déposé, déjà nettoyé à l'envoi, l'est encore pour l'archive : le
        # fichier stocké porte un nom aléatoire, jamais montré.
        nom = noms(dossier, nom_sur(piece.nom))
        with (
            piece.fichier.open("rb") as source,
            archive.open(nom, "w", force_zip64=True) as cible,
        ):
            while bloc := source.read(1024 * 1024):
                cible.write(bloc)


def _archive():
    fichier = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)  # noqa: SIM115
    return fichier, zipfile.ZipFile(fichier, "w", compression=zipfile.ZIP_DEFLATED)


def zip_du_dossier(dossier: Dossier):
    """Le récapitulatif PDF et toutes les pièces jointes, dans un fichier temporaire
    rembobiné (à servir en flux puis fermer)."""
    fichier, archive = _archive()
    noms = NomsUniques()
    with archive:
        archive.writestr(
            noms("", pdf.nom_du_pdf(dossier)), pdf.recapitulatif_pdf(dossier, pour_instruction=True)
        )
        _ajouter_pieces(archive, donnees.pieces_du_dossier(dossier), noms, "pieces/")
    fichier.seek(0)
    return fichier


def donnees_json(structure: Structure) -> bytes:
    return json.dumps(
        donnees.donnees_de_la_structure(structure),
        cls=DjangoJSONEncoder,
        ensure_ascii=False,
        indent=2,
    ).encode()


def zip_de_la_structure(structure: Structure):
    """Les données de la structure (JSON) et les fichiers qu'elle a déposés."""
    fichier, archive = _archive()
    noms = NomsUniques()
    with archive:
        archive.writestr("donnees.json", donnees_json(structure))
        archive.writestr(
            "LISEZ-MOI.txt",
            _(
                "Ce que le portail Brest numérique tient sur votre structure\u00a0: "
                "donnees.json (structure, membres, invitations, dossiers, budgets, "
                "historique, demandes de compléments, messages, liste des pièces) et, "
                "dans pieces/, les fichiers que vous avez joints à vos dossiers.\n"
            ),
        )
        # Les pièces de tous les dossiers en une requête, rangées par dossier.
        pieces = (
            PieceJointe.objects.filter(dossier__structure=structure)
            .select_related("dossier")
            .order_by("dossier_id", "deposee_le", "pk")
        )
        for piece in pieces:
            dossier = piece.dossier
            rangement = nom_sur(dossier.numero or f"brouillon-{dossier.pk}")
            _ajouter_pieces(archive, [piece], noms, f"pieces/{rangement}/")
    fichier.seek(0)
    return fichier
