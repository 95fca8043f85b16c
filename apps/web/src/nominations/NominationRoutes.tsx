// The focal point's pages (/nominations/…), loaded only when a focal point opens them.
import { Route, Switch } from 'wouter';
import { NotFoundPage } from '../layout/Page';
import { CallPage, MyCallsPage } from './FocalPointPages';

export default function NominationRoutes() {
  return (
    <Switch>
      <Route path="/" component={MyCallsPage} />
      <Route path="/:offeringId">{(params) => <CallPage offeringId={params.offeringId} />}</Route>
      <Route component={NotFoundPage} />
    </Switch>
  );
}
