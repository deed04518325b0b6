/** Names of the tokens Flare creates for itself, so screens can say who acted in plain words. */

/** the token behind console sign-in codes */
export const SIGNIN_TOKEN_NAME = 'console sign-in codes';

/** the admin token `npm start` creates for the demo */
export const DEMO_TOKEN_NAME = 'npm start (demo admin)';
