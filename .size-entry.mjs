import { StripeClient } from './runtime/index.ts';
import { CustomersResource } from './generated/resources/customers.ts';
const customers = new CustomersResource(new StripeClient(process.env.K ?? 'sk_test_x'));
console.log(await customers.create({ email: 'j@e.com' }));
