/* Quiz AICT: interface strings in French and English.
 *
 * Exposes window.I18N = {lang, t(key, params), pick(localized), setLang(lang), apply(root)}.
 * Language: ?lang=en|fr, then the language the server rendered the page in (<html
 * data-ui-lang>, chosen by quiz/web/i18n.py from ?lang, the quiz_lang cookie, Accept-Language),
 * then the quiz_lang cookie, then localStorage "quiz.lang", then navigator.language, else
 * French; a page whose <html> has data-lang-fixed="fr" (the projector) ignores all but ?lang=.
 * The language picked or chosen is written to the quiz_lang cookie (path=/, SameSite=Lax, one
 * year), which the server reads, so server-rendered text and these strings always agree.
 * Elements with data-i18n="key" get their textContent translated; data-i18n-placeholder,
 * data-i18n-title and data-i18n-aria-label translate those attributes.
 */
(function () {
  'use strict';

  var STORAGE_KEY = 'quiz.lang';
  var COOKIE = 'quiz_lang';
  var COOKIE_MAX_AGE = 365 * 24 * 3600;
  var SUPPORTED = ['fr', 'en'];

  var DICT = {
    fr: {
      'editor.nav.questions': 'Questions',
      'editor.nav.quizzes': 'Quiz',
      'editor.nav.transfer': 'Import / export',
      'editor.nav.users': 'Comptes',
      'editor.logout': 'Se déconnecter',
      'editor.chars': '{n} / {max} caractères',
      'editor.stats.title': 'En partie',
      'editor.stats.column': 'En partie',
      'editor.stats.never': 'Jamais jouée dans une partie.',
      'editor.stats.never_short': 'jamais jouée',
      'editor.stats.times_played': 'Parties',
      'editor.stats.answers': 'Réponses',
      'editor.stats.percent_correct': 'Bonnes réponses',
      'editor.stats.median': 'Temps médian',
      'editor.stats.too_hard': 'trop difficile',
      'editor.stats.too_easy': 'trop facile',
      'editor.stats.rule': 'Signalée « trop difficile » sous 20 % de bonnes réponses, « trop facile » au-delà de 90 %.',
      'editor.stats.plays': 'Chaque partie',
      'editor.stats.date': 'Date',
      'editor.stats.correct_short': 'Justes',
      'editor.stats.median_short': 'Médiane',
      'app.name': 'Quiz AICT',
      'lang.fr': 'FR',
      'lang.en': 'EN',
      'lang.label': 'Langue',

      'index.title': 'Rejoindre une partie',
      'index.pin_label': 'Code PIN de la partie',
      'index.pin_hint': 'Le code à 6 chiffres affiché à l\u2019écran',
      'index.pin_invalid': 'Le code PIN compte 6 chiffres.',
      'index.submit': 'Rejoindre',

      'join.no_game': 'Aucune partie avec ce code PIN',
      'join.too_many': 'Trop de codes PIN erronés depuis ce réseau : patientez une minute avant de réessayer.',
      'join.back': 'Saisir un autre code',
      'join.pin': 'Partie {pin}',
      'join.nickname': 'Votre pseudo',
      'join.nickname_hint': '24 caractères maximum',
      'join.nickname_required': 'Choisissez un pseudo.',
      'join.team': 'Équipe',
      'join.team_choose': 'Choisissez une équipe',
      'join.team_other': 'Autre équipe (saisie libre)',
      'join.team_free': 'Ou saisissez le nom de votre équipe',
      'join.submit': 'C\u2019est parti !',
      'join.sending': 'Connexion…',
      'join.no_answer': 'Le serveur ne répond pas. Réessayez.',
      'join.offline': 'Pas de connexion au serveur. Réessayez dans un instant.',
      'recover.link': 'J\u2019ai déjà rejoint sur un autre appareil',
      'recover.code': 'Code de récupération',
      'recover.hint': 'Les 4 lettres affichées sur votre premier appareil',
      'recover.invalid': 'Le code de récupération compte 4 lettres.',
      'recover.submit': 'Retrouver ma partie',
      'recover.cancel': 'Rejoindre avec un nouveau pseudo',
      'recover.your_code': 'Code de récupération :',

      'lobby.in': 'Vous êtes dans la partie !',
      'lobby.look': 'Regardez l\u2019écran',
      'lobby.wait': 'La partie va bientôt commencer…',
      'wait.next': 'Préparez-vous pour la prochaine question…',
      'kinds.join.suggest': 'Proposez-moi un pseudo',
      'kinds.join.suggesting': 'Recherche d\u2019un pseudo…',
      'kinds.q.send': 'Envoyer',
      'kinds.q.pick_poll': 'Votre avis : une ou plusieurs réponses, puis « Valider »',
      'kinds.q.numeric_label': 'Votre estimation',
      'kinds.q.numeric_range': 'Entre {min} et {max}',
      'kinds.q.number_invalid': 'Entrez un nombre.',
      'kinds.q.order_hint': 'Touchez les éléments dans l\u2019ordre, ou déplacez-les avec ↑ ↓, puis « Valider »',
      'kinds.q.order_up': 'Monter « {text} »',
      'kinds.q.order_down': 'Descendre « {text} »',
      'kinds.q.order_moved': '« {text} » en position {n}',
      'kinds.q.order_reset': 'Recommencer',
      'kinds.q.order_placed': '{n} / {total} placés',
      'kinds.q.open_label': 'Votre mot ou expression',
      'kinds.q.open_hint': '40 caractères maximum',
      'kinds.answer.thanks': 'Merci !',
      'kinds.result.recorded': 'Réponse enregistrée',
      'kinds.result.almost': 'Presque !',
      'kinds.result.team': 'Équipe',
      'kinds.result.team_rank': 'Place de l\u2019équipe',
      'kinds.result.unranked': 'non classée',
      'kinds.result.right_order': 'Le bon ordre :',
      'kinds.lb.your_team': 'Votre équipe : {team}',
      'kinds.lb.teams': 'Équipes',
      'kinds.screen.multiple': 'Plusieurs bonnes réponses possibles',
      'kinds.screen.numeric': 'Donnez une estimation',
      'kinds.screen.range': 'Entre {min} et {max}',
      'kinds.screen.ordering': 'Remettez dans l\u2019ordre',
      'kinds.screen.poll': 'Sondage : donnez votre avis',
      'kinds.screen.open': 'Répondez en un mot ou une courte expression',
      'kinds.screen.cloud_wait': 'Les mots apparaîtront ici…',
      'kinds.screen.cloud_moderated': 'Le nuage de mots s\u2019affichera à la révélation',
      'kinds.screen.true_value': 'Bonne réponse',
      'kinds.screen.median': 'Médiane',
      'kinds.screen.within': '{n} dans la tolérance',
      'kinds.screen.answers': '{n} réponses',
      'kinds.screen.no_answers': 'Aucune réponse',
      'kinds.screen.right_order': 'Le bon ordre',
      'kinds.screen.placed_right': '{n} bien placé(s)',
      'kinds.screen.players': 'Joueurs',
      'kinds.screen.teams': 'Équipes',
      'kinds.screen.unranked': 'Non classées (moins de membres que le minimum)',
      'kinds.screen.members': '{n} membres',
      'kinds.screen.team_podium': 'Podium des équipes',
      'kinds.host.extend': '+10 s',
      'kinds.host.rules': 'Règles de la partie',
      'kinds.host.late_join': 'Arrivées en cours de partie',
      'kinds.host.show_leaderboard': 'Classement entre les questions',
      'kinds.host.streak_bonus': 'Bonus de série',
      'kinds.host.auto': 'Mode automatique',
      'kinds.host.moderation': 'Modérer le nuage de mots',
      'kinds.host.show_rules': 'Règles du jeu à l\u2019écran (avant la première question)',
      'kinds.host.words': 'Mots proposés',
      'kinds.host.no_words': 'Aucun mot pour l\u2019instant.',
      'kinds.host.hide': 'Masquer',
      'kinds.host.hide_word': 'Masquer « {word} »',
      'kinds.host.hidden': 'Masqués : {words}',
      'kinds.host.teams': 'Équipes',
      'kinds.host.no_teams': 'Le classement des équipes apparaîtra après la première question.',
      'kinds.host.unranked': 'non classée',
      'kinds.host.members': '{n} membres',
      'kinds.host.shortcuts': 'Raccourcis clavier : Espace = étape suivante, P = pause / reprise, R = révéler',
      'kinds.host.true_value': 'Bonne réponse : {value}',
      'kinds.host.median': 'Médiane : {value} · {n} dans la tolérance',
      'kinds.console.free_teams': 'Équipes libres (les joueurs saisissent leur équipe)',
      'kinds.console.teams': 'Équipes proposées (une par ligne)',
      'kinds.console.teams_hint': 'Collectivités, délégations… Laissez vide pour jouer sans équipes.',
      'kinds.console.team_min_size': 'Taille minimale d\u2019une équipe classée',

      'question.of': 'Question {index} / {total}',
      'question.points': '{points} points',
      'question.points_double': 'Points doublés !',
      'question.points_none': 'Question sans points',
      'question.seconds': '{n} s',
      'question.seconds_left': '{n} secondes restantes',
      'question.validate': 'Valider',
      'question.value_label': 'Votre réponse',
      'question.pick_one': 'Touchez une réponse',
      'question.pick_many': 'Plusieurs réponses possibles, puis « Valider »',
      'answer.true': 'Vrai',
      'answer.false': 'Faux',
      'answer.sending': 'Envoi de la réponse…',
      'answer.sent': 'Réponse envoyée',
      'answer.wait_others': 'En attente des autres joueurs…',
      'answer.too_late': 'Trop tard !',
      'answer.time_up': 'Temps écoulé !',
      'answer.retrying': 'Réseau lent, nouvel essai…',
      'answer.your_choice': 'Votre choix : {text}',

      'result.correct': 'Correct',
      'result.incorrect': 'Incorrect',
      'result.no_answer': 'Pas de réponse',
      'result.points': '+{points} points',
      'result.score': 'Score : {score}',
      'result.rank': '{rank}e place',
      'result.rank_1': '1re place',
      'result.streak': 'Série : {n} bonnes réponses',
      'result.answer_was': 'La bonne réponse :',
      'result.answers_were': 'Les bonnes réponses :',
      'result.explanation': 'Explication',
      'result.source': 'Source : {source}',
      'result.waiting': 'Résultat en cours…',

      'leaderboard.title': 'Classement',
      'leaderboard.you': 'Vous',
      'leaderboard.your_rank': 'Votre place',
      'leaderboard.points': '{score} pts',

      'final.title': 'Partie terminée !',
      'final.your_rank': 'Votre classement final',
      'final.your_score': 'Votre score',
      'final.thanks': 'Merci d\u2019avoir joué !',
      'final.podium': 'Podium',

      'paused.title': 'Pause',
      'paused.text': 'La partie reprendra dans un instant.',

      'kicked.title': 'Vous avez été retiré de la partie',
      'kicked.back': 'Retour à l\u2019accueil',

      'conn.lost': 'Connexion perdue, reconnexion…',
      'conn.back': 'Connecté',
      'error.generic': 'Une erreur est survenue.',
      'error.unknown_game': 'Cette partie n\u2019existe plus.',

      'screen.join_at': 'Rejoignez la partie',
      'screen.scan': 'Scannez le QR code',
      'screen.or_go': 'ou allez sur',
      'screen.pin': 'Code PIN',
      'screen.players_one': 'joueur',
      'screen.players_many': 'joueurs',
      'screen.waiting_players': 'En attente des joueurs…',
      'screen.more': '+ {n} autres',
      'screen.more_one': '+ 1 autre',
      'screen.answers': '{count} / {players} réponses',
      'screen.answers_label': 'réponses',
      'screen.explanation': 'Le saviez-vous ?',
      'screen.source': 'Source : {source}',
      'screen.leaderboard': 'Classement',
      'screen.podium': 'Podium',
      'screen.game_over': 'Bravo à toutes et à tous !',
      'screen.paused': 'Pause',
      'screen.unknown_game': 'Aucune partie avec ce code PIN',
      'screen.connecting': 'Connexion au serveur…',
      'screen.get_ready': 'Préparez-vous !',
      'screen.sound_unmute': 'Activer le son',
      'screen.sound_mute': 'Couper le son',
      'screen.fullscreen': 'Plein écran',
      'screen.fullscreen_exit': 'Quitter le plein écran',

      'host.title': 'Pilotage de la partie',
      'host.open_screen': 'Ouvrir l\u2019écran de projection',
      'host.join_link': 'Lien pour les joueurs',
      'host.state': 'État',
      'host.players': 'Joueurs',
      'host.no_players': 'Aucun joueur pour l\u2019instant.',
      'host.kick': 'Retirer',
      'host.kick_confirm': 'Retirer « {nickname} » de la partie ?',
      'host.start': 'Démarrer',
      'host.reveal': 'Révéler la réponse',
      'host.next': 'Suivant',
      'host.pause': 'Pause',
      'host.resume': 'Reprendre',
      'host.skip': 'Passer la question',
      'host.end': 'Terminer la partie',
      'host.end_confirm': 'Terminer la partie maintenant ? Cette action est définitive.',
      'host.question': 'Question en cours',
      'host.no_question': 'Aucune question en cours.',
      'host.answers': '{count} / {players} réponses',
      'host.distribution': 'Répartition des réponses',
      'host.leaderboard': 'Classement (top 10)',
      'host.podium': 'Podium',
      'host.connecting': 'Connexion…',
      'host.back': 'Console',

      'state.lobby': 'Salle d\u2019attente',
      'state.question': 'Question en cours',
      'state.reveal': 'Réponse révélée',
      'state.leaderboard': 'Classement',
      'state.paused': 'En pause',
      'state.finished': 'Terminée',
      'result.cancelled': 'Question annulée',
      'final.correct_one': '{n} bonne réponse',
      'final.correct_many': '{n} bonnes réponses',
      'recap.show': 'Voir mes réponses',
      'recap.hide': 'Masquer mes réponses',
      'recap.title': 'Mes réponses',
      'recap.loading': 'Chargement…',
      'recap.error': 'Impossible d\u2019afficher vos réponses. Réessayez.',
      'recap.question': 'Question {n}',
      'recap.yours': 'Votre réponse :',
      'recap.right': 'Bonne réponse :',
      'recap.none': 'Pas de réponse',
      'recap.empty': 'Aucune question jouée.',
      'leaderboard.out_of': 'sur {n}',
      'screen.cancelled': 'Question annulée',
      'host.lock': 'Fermer les inscriptions',
      'host.unlock': 'Rouvrir les inscriptions',
      'host.locked': 'Inscriptions fermées',
      'host.offline': 'déconnecté',
      'host.connected': '{n} connectés',
      'host.connected_one': '{n} connecté',
      'host.accommodation_for': 'Aménagement pour {nickname}',
      'host.accommodation_hint': 'Aménagement : temps × 1,5 ou × 2, ou points sans vitesse, pour un joueur qui en a besoin.',
      'host.time_for': 'Temps de réponse pour {nickname}',
      'host.time_1': 'Temps normal',
      'host.time_1.5': 'Temps × 1,5',
      'host.time_2': 'Temps × 2',
      'host.no_speed': 'Sans vitesse',
      'host.no_speed_for': 'Sans vitesse pour {nickname}',
      'host.mark_time': 'temps × {factor}',
      'host.mark_no_speed': 'sans vitesse',
      'host.accommodated': '{nickname} : {what}',
      'host.accommodation_none': 'temps normal, points de vitesse',
      'host.extra_time': 'temps adapté : encore {n} s',
      'play.own_time': 'Temps adapté : × {factor}',
      'play.no_speed': 'Points sans vitesse',
      'state.connecting': 'Connexion…'
    },
    en: {
      'editor.nav.questions': 'Questions',
      'editor.nav.quizzes': 'Quizzes',
      'editor.nav.transfer': 'Import / export',
      'editor.nav.users': 'Accounts',
      'editor.logout': 'Log out',
      'editor.chars': '{n} / {max} characters',
      'editor.stats.title': 'In games',
      'editor.stats.column': 'In games',
      'editor.stats.never': 'Never played in a game.',
      'editor.stats.never_short': 'never played',
      'editor.stats.times_played': 'Games',
      'editor.stats.answers': 'Answers',
      'editor.stats.percent_correct': 'Correct',
      'editor.stats.median': 'Median time',
      'editor.stats.too_hard': 'too hard',
      'editor.stats.too_easy': 'too easy',
      'editor.stats.rule': 'Flagged "too hard" under 20 % correct answers, "too easy" over 90 %.',
      'editor.stats.plays': 'Each game',
      'editor.stats.date': 'Date',
      'editor.stats.correct_short': 'Correct',
      'editor.stats.median_short': 'Median',
      'app.name': 'Quiz AICT',
      'lang.fr': 'FR',
      'lang.en': 'EN',
      'lang.label': 'Language',

      'index.title': 'Join a game',
      'index.pin_label': 'Game PIN',
      'index.pin_hint': 'The 6-digit code shown on the screen',
      'index.pin_invalid': 'The PIN has 6 digits.',
      'index.submit': 'Join',

      'join.no_game': 'No game with this PIN',
      'join.too_many': 'Too many wrong PINs from this network: wait a minute before trying again.',
      'join.back': 'Enter another PIN',
      'join.pin': 'Game {pin}',
      'join.nickname': 'Your nickname',
      'join.nickname_hint': '24 characters maximum',
      'join.nickname_required': 'Choose a nickname.',
      'join.team': 'Team',
      'join.team_choose': 'Choose a team',
      'join.team_other': 'Other team (type it)',
      'join.team_free': 'Or type your team name',
      'join.submit': 'Let\u2019s go!',
      'join.sending': 'Connecting…',
      'join.no_answer': 'The server does not answer. Try again.',
      'join.offline': 'No connection to the server. Try again in a moment.',
      'recover.link': 'I already joined on another device',
      'recover.code': 'Recovery code',
      'recover.hint': 'The 4 letters shown on your first device',
      'recover.invalid': 'The recovery code has 4 letters.',
      'recover.submit': 'Get my game back',
      'recover.cancel': 'Join with a new nickname',
      'recover.your_code': 'Recovery code:',

      'lobby.in': 'You\u2019re in!',
      'lobby.look': 'Look at the screen',
      'lobby.wait': 'The game will start soon…',
      'wait.next': 'Get ready for the next question…',
      'kinds.join.suggest': 'Suggest a nickname',
      'kinds.join.suggesting': 'Finding a nickname…',
      'kinds.q.send': 'Send',
      'kinds.q.pick_poll': 'Your opinion: one or more answers, then “Submit”',
      'kinds.q.numeric_label': 'Your estimate',
      'kinds.q.numeric_range': 'Between {min} and {max}',
      'kinds.q.number_invalid': 'Enter a number.',
      'kinds.q.order_hint': 'Tap the items in order, or move them with ↑ ↓, then “Submit”',
      'kinds.q.order_up': 'Move “{text}” up',
      'kinds.q.order_down': 'Move “{text}” down',
      'kinds.q.order_moved': '“{text}” in position {n}',
      'kinds.q.order_reset': 'Start over',
      'kinds.q.order_placed': '{n} / {total} placed',
      'kinds.q.open_label': 'Your word or phrase',
      'kinds.q.open_hint': '40 characters maximum',
      'kinds.answer.thanks': 'Thank you!',
      'kinds.result.recorded': 'Answer recorded',
      'kinds.result.almost': 'Almost!',
      'kinds.result.team': 'Team',
      'kinds.result.team_rank': 'Team rank',
      'kinds.result.unranked': 'not ranked',
      'kinds.result.right_order': 'The right order:',
      'kinds.lb.your_team': 'Your team: {team}',
      'kinds.lb.teams': 'Teams',
      'kinds.screen.multiple': 'Several correct answers possible',
      'kinds.screen.numeric': 'Give an estimate',
      'kinds.screen.range': 'Between {min} and {max}',
      'kinds.screen.ordering': 'Put in the right order',
      'kinds.screen.poll': 'Poll: give your opinion',
      'kinds.screen.open': 'Answer with a word or a short phrase',
      'kinds.screen.cloud_wait': 'Words will appear here…',
      'kinds.screen.cloud_moderated': 'The word cloud will be shown at the reveal',
      'kinds.screen.true_value': 'Correct answer',
      'kinds.screen.median': 'Median',
      'kinds.screen.within': '{n} within tolerance',
      'kinds.screen.answers': '{n} answers',
      'kinds.screen.no_answers': 'No answers',
      'kinds.screen.right_order': 'The right order',
      'kinds.screen.placed_right': '{n} placed right',
      'kinds.screen.players': 'Players',
      'kinds.screen.teams': 'Teams',
      'kinds.screen.unranked': 'Not ranked (fewer members than the minimum)',
      'kinds.screen.members': '{n} members',
      'kinds.screen.team_podium': 'Team podium',
      'kinds.host.extend': '+10 s',
      'kinds.host.rules': 'Game rules',
      'kinds.host.late_join': 'Late joining',
      'kinds.host.show_leaderboard': 'Leaderboard between questions',
      'kinds.host.streak_bonus': 'Streak bonus',
      'kinds.host.auto': 'Auto mode',
      'kinds.host.moderation': 'Moderate the word cloud',
      'kinds.host.show_rules': 'Rules of scoring on the projector (before the first question)',
      'kinds.host.words': 'Words given',
      'kinds.host.no_words': 'No words yet.',
      'kinds.host.hide': 'Hide',
      'kinds.host.hide_word': 'Hide “{word}”',
      'kinds.host.hidden': 'Hidden: {words}',
      'kinds.host.teams': 'Teams',
      'kinds.host.no_teams': 'Team standings appear after the first question.',
      'kinds.host.unranked': 'not ranked',
      'kinds.host.members': '{n} members',
      'kinds.host.shortcuts': 'Keyboard shortcuts: Space = next step, P = pause / resume, R = reveal',
      'kinds.host.true_value': 'Correct answer: {value}',
      'kinds.host.median': 'Median: {value} · {n} within tolerance',
      'kinds.console.free_teams': 'Free teams (players type their team)',
      'kinds.console.teams': 'Teams offered (one per line)',
      'kinds.console.teams_hint': 'Local governments, delegations… Leave empty to play without teams.',
      'kinds.console.team_min_size': 'Minimum size of a ranked team',

      'question.of': 'Question {index} / {total}',
      'question.points': '{points} points',
      'question.points_double': 'Double points!',
      'question.points_none': 'No points for this one',
      'question.seconds': '{n} s',
      'question.seconds_left': '{n} seconds left',
      'question.validate': 'Submit',
      'question.value_label': 'Your answer',
      'question.pick_one': 'Tap an answer',
      'question.pick_many': 'Several answers possible, then “Submit”',
      'answer.true': 'True',
      'answer.false': 'False',
      'answer.sending': 'Sending your answer…',
      'answer.sent': 'Answer sent',
      'answer.wait_others': 'Waiting for the other players…',
      'answer.too_late': 'Too late!',
      'answer.time_up': 'Time\u2019s up!',
      'answer.retrying': 'Slow network, trying again…',
      'answer.your_choice': 'Your choice: {text}',

      'result.correct': 'Correct',
      'result.incorrect': 'Incorrect',
      'result.no_answer': 'No answer',
      'result.points': '+{points} points',
      'result.score': 'Score: {score}',
      'result.rank': 'Rank {rank}',
      'result.rank_1': 'Rank 1',
      'result.streak': 'Streak: {n} correct answers',
      'result.answer_was': 'The correct answer:',
      'result.answers_were': 'The correct answers:',
      'result.explanation': 'Explanation',
      'result.source': 'Source: {source}',
      'result.waiting': 'Waiting for the result…',

      'leaderboard.title': 'Leaderboard',
      'leaderboard.you': 'You',
      'leaderboard.your_rank': 'Your rank',
      'leaderboard.points': '{score} pts',

      'final.title': 'Game over!',
      'final.your_rank': 'Your final rank',
      'final.your_score': 'Your score',
      'final.thanks': 'Thanks for playing!',
      'final.podium': 'Podium',

      'paused.title': 'Paused',
      'paused.text': 'The game will resume in a moment.',

      'kicked.title': 'You have been removed from the game',
      'kicked.back': 'Back to the home page',

      'conn.lost': 'Connection lost, reconnecting…',
      'conn.back': 'Connected',
      'error.generic': 'Something went wrong.',
      'error.unknown_game': 'This game no longer exists.',

      'screen.join_at': 'Join the game',
      'screen.scan': 'Scan the QR code',
      'screen.or_go': 'or go to',
      'screen.pin': 'Game PIN',
      'screen.players_one': 'player',
      'screen.players_many': 'players',
      'screen.waiting_players': 'Waiting for players…',
      'screen.more': '+ {n} more',
      'screen.more_one': '+ 1 more',
      'screen.answers': '{count} / {players} answers',
      'screen.answers_label': 'answers',
      'screen.explanation': 'Did you know?',
      'screen.source': 'Source: {source}',
      'screen.leaderboard': 'Leaderboard',
      'screen.podium': 'Podium',
      'screen.game_over': 'Well done, everyone!',
      'screen.paused': 'Paused',
      'screen.unknown_game': 'No game with this PIN',
      'screen.connecting': 'Connecting to the server…',
      'screen.get_ready': 'Get ready!',
      'screen.sound_unmute': 'Turn sound on',
      'screen.sound_mute': 'Mute',
      'screen.fullscreen': 'Full screen',
      'screen.fullscreen_exit': 'Exit full screen',

      'host.title': 'Game control',
      'host.open_screen': 'Open the projector screen',
      'host.join_link': 'Players\u2019 link',
      'host.state': 'State',
      'host.players': 'Players',
      'host.no_players': 'No players yet.',
      'host.kick': 'Remove',
      'host.kick_confirm': 'Remove “{nickname}” from the game?',
      'host.start': 'Start',
      'host.reveal': 'Reveal the answer',
      'host.next': 'Next',
      'host.pause': 'Pause',
      'host.resume': 'Resume',
      'host.skip': 'Skip question',
      'host.end': 'End the game',
      'host.end_confirm': 'End the game now? This cannot be undone.',
      'host.question': 'Current question',
      'host.no_question': 'No question in progress.',
      'host.answers': '{count} / {players} answers',
      'host.distribution': 'Answer distribution',
      'host.leaderboard': 'Leaderboard (top 10)',
      'host.podium': 'Podium',
      'host.connecting': 'Connecting…',
      'host.back': 'Console',

      'state.lobby': 'Lobby',
      'state.question': 'Question in progress',
      'state.reveal': 'Answer revealed',
      'state.leaderboard': 'Leaderboard',
      'state.paused': 'Paused',
      'state.finished': 'Finished',
      'result.cancelled': 'Question cancelled',
      'final.correct_one': '{n} correct answer',
      'final.correct_many': '{n} correct answers',
      'recap.show': 'See my answers',
      'recap.hide': 'Hide my answers',
      'recap.title': 'My answers',
      'recap.loading': 'Loading…',
      'recap.error': 'Your answers cannot be shown. Try again.',
      'recap.question': 'Question {n}',
      'recap.yours': 'Your answer:',
      'recap.right': 'Correct answer:',
      'recap.none': 'No answer',
      'recap.empty': 'No question was played.',
      'leaderboard.out_of': 'out of {n}',
      'screen.cancelled': 'Question cancelled',
      'host.lock': 'Close registrations',
      'host.unlock': 'Reopen registrations',
      'host.locked': 'Registrations closed',
      'host.offline': 'offline',
      'host.connected': '{n} connected',
      'host.connected_one': '{n} connected',
      'host.accommodation_for': 'Accommodation for {nickname}',
      'host.accommodation_hint': 'Accommodation: time × 1.5 or × 2, or points without speed, for a player who needs it.',
      'host.time_for': 'Answer time for {nickname}',
      'host.time_1': 'Normal time',
      'host.time_1.5': 'Time × 1.5',
      'host.time_2': 'Time × 2',
      'host.no_speed': 'No speed',
      'host.no_speed_for': 'No speed for {nickname}',
      'host.mark_time': 'time × {factor}',
      'host.mark_no_speed': 'no speed',
      'host.accommodated': '{nickname}: {what}',
      'host.accommodation_none': 'normal time, speed points',
      'host.extra_time': 'extra time: {n} s left',
      'play.own_time': 'Extra time: × {factor}',
      'play.no_speed': 'Points without speed',
      'state.connecting': 'Connecting…'
    }
  };

  function safeGet(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }

  function safeSet(key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { /* private mode: ignore */ }
  }

  function readCookie() {
    var parts = (document.cookie || '').split(';');
    for (var i = 0; i < parts.length; i++) {
      var pair = parts[i].replace(/^\s+/, '').split('=');
      if (pair[0] === COOKIE) { return decodeURIComponent(pair.slice(1).join('=')); }
    }
    return null;
  }

  function writeCookie(lang) {
    try {
      document.cookie = COOKIE + '=' + lang + '; path=/; max-age=' + COOKIE_MAX_AGE + '; SameSite=Lax';
    } catch (e) { /* cookies disabled: ignore */ }
  }

  /** Remember the language for this browser: the cookie (for the server) and localStorage. */
  function remember(lang) {
    safeSet(STORAGE_KEY, lang);
    if (readCookie() !== lang) { writeCookie(lang); }
  }

  function detect() {
    var fromQuery = null;
    try {
      fromQuery = new URLSearchParams(window.location.search).get('lang');
    } catch (e) { fromQuery = null; }
    var root = document.documentElement;
    var fixed = root.getAttribute('data-lang-fixed');
    if (fromQuery && SUPPORTED.indexOf(fromQuery) !== -1) {
      if (!fixed) { remember(fromQuery); }
      return fromQuery;
    }
    // Shared displays (the projector) follow only ?lang=, never this browser's preferences.
    if (fixed && SUPPORTED.indexOf(fixed) !== -1) { return fixed; }
    var picked = null;
    var server = root.getAttribute('data-ui-lang');
    var cookie = readCookie();
    var stored = safeGet(STORAGE_KEY);
    if (server && SUPPORTED.indexOf(server) !== -1) {
      picked = server;  // the page's own text is in this language: never mix two
    } else if (cookie && SUPPORTED.indexOf(cookie) !== -1) {
      picked = cookie;
    } else if (stored && SUPPORTED.indexOf(stored) !== -1) {
      picked = stored;
    } else {
      var nav = (navigator.language || (navigator.languages && navigator.languages[0]) || '');
      picked = nav.toLowerCase().indexOf('en') === 0 ? 'en' : 'fr';
    }
    remember(picked);
    return picked;
  }

  function format(text, params) {
    if (!params) { return text; }
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole;
    });
  }

  var I18N = {
    lang: detect(),
    dict: DICT,

    /** Return the UI string for key in the current language, with {name} placeholders filled. */
    t: function (key, params) {
      var table = DICT[I18N.lang] || DICT.fr;
      var text = Object.prototype.hasOwnProperty.call(table, key) ? table[key] : DICT.fr[key];
      if (text === undefined) { return key; }
      return format(text, params);
    },

    /** Return the current language's text of a {fr, en} object (falls back to French). */
    pick: function (localized, lang) {
      if (localized === null || localized === undefined) { return ''; }
      if (typeof localized !== 'object') { return String(localized); }
      var want = lang || I18N.lang;
      if (localized[want]) { return localized[want]; }
      if (localized.fr) { return localized.fr; }
      var keys = Object.keys(localized);
      return keys.length ? String(localized[keys[0]]) : '';
    },

    /** Translate every data-i18n element under root (default: the whole document). */
    apply: function (root) {
      var scope = root || document;
      document.documentElement.setAttribute('lang', I18N.lang);
      var nodes = scope.querySelectorAll('[data-i18n]');
      for (var i = 0; i < nodes.length; i++) {
        nodes[i].textContent = I18N.t(nodes[i].getAttribute('data-i18n'));
      }
      var attrs = ['placeholder', 'title', 'aria-label'];
      attrs.forEach(function (attr) {
        var withAttr = scope.querySelectorAll('[data-i18n-' + attr + ']');
        for (var j = 0; j < withAttr.length; j++) {
          withAttr[j].setAttribute(attr, I18N.t(withAttr[j].getAttribute('data-i18n-' + attr)));
        }
      });
      var toggles = scope.querySelectorAll('[data-set-lang]');
      for (var k = 0; k < toggles.length; k++) {
        var on = toggles[k].getAttribute('data-set-lang') === I18N.lang;
        toggles[k].setAttribute('aria-pressed', on ? 'true' : 'false');
      }
    },

    /** Switch language, remember it, re-translate the page and tell listeners. */
    setLang: function (lang) {
      if (SUPPORTED.indexOf(lang) === -1 || lang === I18N.lang) { return; }
      I18N.lang = lang;
      if (!document.documentElement.hasAttribute('data-lang-fixed')) { remember(lang); }
      document.documentElement.setAttribute('data-ui-lang', lang);
      I18N.apply();
      var event;
      try {
        event = new CustomEvent('i18n:change', { detail: { lang: lang } });
      } catch (e) {
        event = document.createEvent('CustomEvent');
        event.initCustomEvent('i18n:change', false, false, { lang: lang });
      }
      document.dispatchEvent(event);
    }
  };

  window.I18N = I18N;

  function init() {
    I18N.apply();
    // Any button with data-set-lang="fr|en" switches the language.
    document.addEventListener('click', function (ev) {
      var target = ev.target && ev.target.closest ? ev.target.closest('[data-set-lang]') : null;
      if (target) {
        ev.preventDefault();
        I18N.setLang(target.getAttribute('data-set-lang'));
      }
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}());
