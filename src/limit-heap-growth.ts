// Imported first by the entry point, for its effect: the heap's growth is set before any library allocates.
import { limitHeapGrowth } from './heap-growth';

limitHeapGrowth();
