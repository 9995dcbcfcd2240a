import { MEXICAN_STATES, mexicanStateOf } from './mexican-states';

describe('Mexican states', () => {
  it('lists the 32 federal entities once each', () => {
    expect(new Set(MEXICAN_STATES).size).toBe(32);
  });

  it.each([
    ['Chiapas', 'Chiapas'],
    ['  chiapas ', 'Chiapas'],
    ['NUEVO LEON', 'Nuevo León'],
    ['Veracruz de Ignacio de la Llave', 'Veracruz'],
    ['CDMX', 'Ciudad de México'],
    ['México', 'Estado de México'],
    ['estado de mexico', 'Estado de México'],
    ['San Luis Potosi', 'San Luis Potosí'],
  ])('reads %s as %s', (given, state) => {
    expect(mexicanStateOf(given)).toBe(state);
  });

  it.each(['Texas', 'Petén', '', 'toString', 'Chiapas Chiapas'])('knows %s is not a state', (given) => {
    expect(mexicanStateOf(given)).toBeUndefined();
  });
});
