// Worker entry: registers tsx's loader in this thread, then runs the TypeScript worker module.
import { register } from 'tsx/esm/api';

register();
await import('./emit-worker.ts');
