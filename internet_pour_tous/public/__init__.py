"""Le côté public d'Internet pour tous : présentation et carte des secteurs,
éligibilité d'une adresse, demande d'abonnement en ligne, espace de l'abonné."""
