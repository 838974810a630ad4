"""Les lignes des files de l'équipe (modération des commentaires en un clic, erreurs
signalées sur les lieux) et de la suppression de son compte dans le tableau des
droits (test_adresses_par_role.py). `pk`, le commentaire publié du tableau, sert
aussi de numéro de signalement : les vues d'action n'acceptent que POST."""

from tests.portail.profils import POST_SEULEMENT, connecte, reserve

ATTENDU_MODERATION: dict[str, dict[str, int]] = {
    "commentaires:decider": POST_SEULEMENT,
    # Ceux qui traitent les signalements dans l'administration : les Webmestres.
    "signalements:file": reserve("webmestre"),
    "signalements:clore": POST_SEULEMENT,
    # Chacun peut demander à supprimer son compte ; celui de l'équipe lit pourquoi
    # il ne le peut pas (200 aussi).
    "comptes:supprimer": connecte(200),
}
