/** Small NLU definitions for the intent classifier's tests. */
import type { NluIntentsDefinition } from '../../../src/nlu/model.js';

export const restaurantBot: NluIntentsDefinition = {
  languages: ['en'],
  threshold: 0.5,
  intents: [
    {
      name: 'greet',
      utterances: [
        'hello',
        'hi there',
        'good morning',
        'hey, how are you?',
        'good evening to you',
        'hello bot',
        'hi!',
        'greetings',
      ],
    },
    {
      name: 'book_table',
      utterances: [
        'book a table for {guests} people',
        'I need a table',
        'can I reserve a table for tonight',
        'reserve a table for {guests} at {time}',
        'I would like to book a table',
        'make a reservation for dinner',
        'do you have a free table tomorrow',
        'table for two please',
      ],
    },
    {
      name: 'order_status',
      utterances: [
        'where is my order',
        'has my order shipped yet',
        'what is the status of my order {order_ref}',
        'track my delivery',
        'when will my food arrive',
        'my order is late',
        'order status please',
        'is my delivery on its way',
      ],
    },
    {
      name: 'cancel',
      utterances: [
        'cancel my reservation',
        'I want to cancel',
        'please cancel the booking',
        'cancel my order',
        'forget it, cancel everything',
        'I no longer need the table',
        'call off my booking',
        'stop my order',
      ],
    },
    {
      name: 'opening_hours',
      utterances: [
        'when are you open',
        'what are your opening hours',
        'are you open on sunday',
        'what time do you close',
        'until when are you open tonight',
        'opening times',
        'do you open early on saturday',
        'what time does the restaurant open',
      ],
    },
  ],
};

/** French, Spanish and German utterances, written with their accents. */
export const europeanBot: NluIntentsDefinition = {
  languages: ['fr', 'es', 'de'],
  intents: [
    {
      name: 'dessert',
      utterances: [
        'je voudrais une crème brûlée',
        'quels desserts avez-vous ?',
        'une tarte aux pommes, s’il vous plaît',
        'quiero un postre',
        '¿qué postres tenéis?',
        'ich möchte einen Nachtisch',
        'haben Sie Käsekuchen?',
        'einen Apfelstrudel bitte',
      ],
    },
    {
      name: 'directions',
      utterances: [
        'où se trouve le restaurant ?',
        'comment aller à la gare',
        '¿dónde está el restaurante?',
        '¿cómo llego a la estación?',
        'wo ist das Restaurant?',
        'wie komme ich zur Straße am Bahnhof',
        'wie weit ist es bis zur Hauptstraße',
        'quelle est l’adresse ?',
      ],
    },
    {
      name: 'bill',
      utterances: [
        'l’addition, s’il vous plaît',
        'je voudrais payer',
        'la cuenta, por favor',
        '¿puedo pagar con tarjeta?',
        'die Rechnung bitte',
        'kann ich mit Karte zahlen?',
        'wir möchten bezahlen',
        'combien je vous dois ?',
      ],
    },
  ],
};
