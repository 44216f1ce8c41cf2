import { CloudAdapter, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import { AuthenticationError, type AuthenticateRequestResult, type BotFrameworkAuthentication } from 'botframework-connector';
import { tokenPrescreenProblem } from './token-prescreen';

/**
 * CloudAdapter with its two steps apart, so the endpoint can authenticate a request before it looks at the
 * activity's shape (unauthenticated junk learns nothing), and map authentication failures itself
 * (CloudAdapter.process answers 500 with the internal message for most of them).
 */
export class HelpdeskAdapter extends CloudAdapter {
  constructor(
    auth: BotFrameworkAuthentication,
    /** With no app id, botbuilder accepts every request; the token header is then ignored. */
    private readonly anonymous: boolean,
  ) {
    super(auth);
  }

  /** Checks the Authorization header against the activity: signature, issuer, audience, endorsement, `serviceurl` claim. Throws when it does not hold. */
  async authenticate(activity: Partial<Activity>, authHeader: string): Promise<AuthenticateRequestResult> {
    if (!this.anonymous) {
      const problem = tokenPrescreenProblem(authHeader);
      if (problem) throw new AuthenticationError(problem, 401);
    }
    return this.botFrameworkAuthentication.authenticateRequest(activity as Activity, authHeader);
  }

  /** Runs the turn for an activity `authenticate` accepted; resolves with the invoke response, if the turn made one. */
  run(
    auth: AuthenticateRequestResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(auth, activity, logic);
  }
}
