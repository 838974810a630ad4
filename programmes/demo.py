"""Les pages du programme et des actualités d'exemple (appelé par `manage.py demo`)."""

from programmes.pages_initiales import actualites_exemple_creer, pages_initiales_creer


def creer_donnees_demo(stdout) -> None:
    accueil = pages_initiales_creer()
    creees = actualites_exemple_creer()
    stdout.write(
        f"  pages du programme sous « {accueil.title} », "
        f"{len(creees)} actualité(s) d'exemple ajoutée(s)"
    )
